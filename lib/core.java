// JBang bundle of the ftkit lib's core layer: not a program, and not part of the Maven build.
// A script gets the layer with `//SOURCES ../lib/core.java`; JBang then compiles the lib packages listed
// below together with the script and adds these dependencies. Paths are relative to this file.
//
// Rules for every lib/*.java bundle:
// - //DEPS versions equal lib/pom.xml (./test.sh fails otherwise).
// - One //SOURCES line per lib package, written `ftkit/<package>*/*.java`: the `*` after the package name
//   makes JBang walk from ftkit/, so a package that does not exist yet matches nothing instead of failing
//   the build ("NoSuchFileException"). It also means a typo matches nothing: the script then fails to
//   compile on its first import of the package.
// - The class name must differ from every script's class name (a script scripts/core.java would clash
//   with a class `core` here: "duplicate class").
//DEPS com.fasterxml.jackson.core:jackson-databind:2.22.4
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.22.4
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-csv:2.22.4
//DEPS com.knuddels:jtokkit:1.1.0
//DEPS info.picocli:picocli:4.7.7
//DEPS me.tongfei:progressbar:0.10.1
//DEPS org.slf4j:slf4j-nop:2.0.17
//DEPS org.apache.logging.log4j:log4j-to-slf4j:2.26.0
// Pins of transitive versions, equal to what Maven resolves for lib/pom.xml. JBang applies the
// dependencyManagement of every dependency's own pom (Tika's, Tablesaw's...) to the whole graph, which Maven
// does not, so without these a script could run e.g. jackson-core 2.19 under jackson-databind 2.22.
// A direct //DEPS wins over those managed versions. tools/CheckClasspaths.java (in ./test.sh) says when a
// pin is missing or stale.
//DEPS com.fasterxml.jackson.core:jackson-core:2.22.4
//DEPS com.google.code.gson:gson:2.13.1
//DEPS com.google.errorprone:error_prone_annotations:2.23.0
//DEPS com.fasterxml.jackson.core:jackson-annotations:2.22
//DEPS org.slf4j:slf4j-api:2.0.17
// The store (SQLite, PostgreSQL) is part of the core layer: export saves every dataset it writes into it.
//DEPS org.xerial:sqlite-jdbc:3.54.1.0
//DEPS org.postgresql:postgresql:42.7.8
//SOURCES src/main/java/ftkit/model*/*.java
//SOURCES src/main/java/ftkit/io*/*.java
//SOURCES src/main/java/ftkit/config*/*.java
//SOURCES src/main/java/ftkit/tokens*/*.java
//SOURCES src/main/java/ftkit/providers*/*.java
//SOURCES src/main/java/ftkit/validate*/*.java
//SOURCES src/main/java/ftkit/prompts*/*.java
//SOURCES src/main/java/ftkit/templates*/*.java
//SOURCES src/main/java/ftkit/split*/*.java
//SOURCES src/main/java/ftkit/export*/*.java
//SOURCES src/main/java/ftkit/cli*/*.java
//SOURCES src/main/java/ftkit/store*/*.java
// Every resource of the lib, at the same path as in the Maven jar (getResourceAsStream finds it).
// Unlike the globs above, this one needs lib/src/main/resources/ to exist.
//FILES src/main/resources/**
// sqlite-jdbc loads a native library: JDK 25 warns (and later JDKs refuse) without this; JDK 17 accepts it.
//RUNTIME_OPTIONS --enable-native-access=ALL-UNNAMED

/** Marker class: the JBang directives above are the content of this file. */
final class CoreLayerBundle {
    private CoreLayerBundle() {}
}
