// JBang bundle of the ftkit lib's extract layer (Tika text extraction, Lucene analysis); includes the core
// layer. A script gets it with `//SOURCES ../lib/extract.java`. Rules: see core.java.
//SOURCES core.java
//DEPS org.apache.tika:tika-core:3.3.1
//DEPS org.apache.tika:tika-parsers-standard-package:3.3.1
//DEPS org.apache.lucene:lucene-analysis-common:9.12.3
// Pins of transitive versions to Maven's resolution of lib/pom.xml (why: see core.java).
//DEPS org.apache.commons:commons-lang3:3.16.0
//DEPS commons-codec:commons-codec:1.18.0
//DEPS commons-io:commons-io:2.22.0
//DEPS org.apache.commons:commons-compress:1.28.0
//DEPS org.apache.commons:commons-csv:1.14.1
//DEPS org.tukaani:xz:1.12
//DEPS commons-logging:commons-logging:1.3.6
//DEPS org.slf4j:jcl-over-slf4j:2.0.18
//DEPS jakarta.xml.bind:jakarta.xml.bind-api:4.0.5
//DEPS jakarta.activation:jakarta.activation-api:2.1.4
//DEPS org.eclipse.angus:angus-activation:2.0.3
//SOURCES src/main/java/ftkit/extract*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class ExtractLayerBundle {
    private ExtractLayerBundle() {}
}
