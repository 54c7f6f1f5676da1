// JBang bundle of the ftkit lib's generate layer (LangChain4j chat models); includes the core layer.
// A script gets it with `//SOURCES ../lib/generate.java`. Rules: see core.java.
//SOURCES core.java
//DEPS dev.langchain4j:langchain4j-core:1.18.1
//DEPS dev.langchain4j:langchain4j-open-ai:1.18.1
//DEPS dev.langchain4j:langchain4j-anthropic:1.18.0
//DEPS dev.langchain4j:langchain4j-google-ai-gemini:1.18.1
//DEPS dev.langchain4j:langchain4j-mistral-ai:1.18.1
//DEPS dev.langchain4j:langchain4j-ollama:1.18.1
//SOURCES src/main/java/ftkit/generate*/*.java

/** Marker class: the JBang directives above are the content of this file. */
final class GenerateLayerBundle {
    private GenerateLayerBundle() {}
}
