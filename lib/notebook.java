// JBang bundle of the ftkit lib's notebook helpers (Tablesaw tables, XChart charts); includes the core
// layer. A script gets it with `//SOURCES ../lib/notebook.java`. Rules: see core.java.
//SOURCES core.java
//DEPS tech.tablesaw:tablesaw-core:0.44.4
//DEPS org.knowm.xchart:xchart:4.0.3
//SOURCES src/main/java/ftkit/notebook*/*.java
// Charts render to PNG without a window.
//RUNTIME_OPTIONS -Djava.awt.headless=true

/** Marker class: the JBang directives above are the content of this file. */
final class NotebookLayerBundle {
    private NotebookLayerBundle() {}
}
