// JBang bundle of the ftkit pipeline: the extract layer (which brings the core layer) plus ftkit.pipeline.
// Not a program, and not part of the Maven build; see lib/core.java for the rules every bundle follows.
// When the generate stage joins the pipeline, add `//SOURCES generate.java` here.
//SOURCES extract.java
//SOURCES src/main/java/ftkit/pipeline*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class PipelineLayerBundle {
    private PipelineLayerBundle() {}
}
