// JBang bundle of the ftkit lib's store layer (SQLite, PostgreSQL); includes the core layer.
// A script gets it with `//SOURCES ../lib/store.java`. Rules: see core.java.
//SOURCES core.java
//DEPS org.xerial:sqlite-jdbc:3.54.1.0
//DEPS org.postgresql:postgresql:42.7.8
//SOURCES src/main/java/ftkit/store*/*.java
// sqlite-jdbc loads a native library: JDK 25 warns (and later JDKs refuse) without this; JDK 17 accepts it.
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

/** Marker class: the JBang directives above are the content of this file. */
final class StoreLayerBundle {
    private StoreLayerBundle() {}
}
