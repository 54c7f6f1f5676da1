// JBang bundle of the ftkit lib's notebook helpers (Tablesaw tables, XChart charts); includes the core
// layer. A script gets it with `//SOURCES ../lib/notebook.java`. Rules: see core.java.
//SOURCES core.java
// NotebookDataset reads datasets from the SQLite/PostgreSQL store.
//SOURCES store.java
//DEPS tech.tablesaw:tablesaw-core:0.44.4
//DEPS org.knowm.xchart:xchart:4.0.3
// Pins of transitive versions to Maven's resolution of lib/pom.xml (why: see core.java).
//DEPS com.google.guava:guava:33.0.0-jre
//DEPS com.google.guava:failureaccess:1.0.2
//DEPS com.google.errorprone:error_prone_annotations:2.23.0
//DEPS com.google.j2objc:j2objc-annotations:2.8
//DEPS org.checkerframework:checker-qual:3.49.5
//DEPS com.ibm.icu:icu4j:74.2
//SOURCES src/main/java/ftkit/notebook*/*.java
// Charts render to PNG without a window.
//RUNTIME_OPTIONS -Djava.awt.headless=true

/** Marker class: the JBang directives above are the content of this file. */
final class NotebookLayerBundle {
    private NotebookLayerBundle() {}
}
