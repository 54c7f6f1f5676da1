// JBang bundle of the ftkit menu: the stats layer (notebook helpers, store) and the generate layer (LangChain4j),
// both over the core layer. A script gets it with `//SOURCES ../lib/menu.java`. Rules: see core.java.
//SOURCES stats.java
//SOURCES generate.java
//SOURCES src/main/java/ftkit/menu*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class MenuLayerBundle {
    private MenuLayerBundle() {}
}
