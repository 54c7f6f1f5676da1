// JBang bundle of the ftkit lib's fake LLM server (ftkit.devserver); includes the core layer.
// A script gets it with `//SOURCES ../lib/devserver.java`. Rules: see core.java.
//SOURCES core.java
//SOURCES src/main/java/ftkit/devserver*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class DevserverLayerBundle {
    private DevserverLayerBundle() {}
}
