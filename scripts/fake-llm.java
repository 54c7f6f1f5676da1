///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION fake-llm: a fake LLM server on 127.0.0.1 (OpenAI, OpenAI-compatible, Mistral, Anthropic, Gemini, Ollama APIs) to try generate without a key
//JAVA 17+
//SOURCES ../lib/devserver.java
//MAIN fakellm

import ftkit.devserver.FakeLlmServerCommand;

/** Thin launcher: the command and its logic live in lib (ftkit.devserver.FakeLlmServerCommand, FakeLlmServer). */
class fakellm {
    public static void main(String[] args) {
        FakeLlmServerCommand.main(args);
    }
}
