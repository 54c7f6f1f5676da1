// JBang bundle of the ftkit lib's extract layer (Tika text extraction, Lucene analysis); includes the core
// layer. A script gets it with `//SOURCES ../lib/extract.java`. Rules: see core.java.
//SOURCES core.java
//DEPS org.apache.tika:tika-core:3.3.1
//DEPS org.apache.tika:tika-parsers-standard-package:3.3.1
//DEPS org.apache.lucene:lucene-analysis-common:9.12.3
//SOURCES src/main/java/ftkit/extract*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class ExtractLayerBundle {
    private ExtractLayerBundle() {}
}
