/**
 * A fake LLM server for tests, benchmarks and recipes: {@link ftkit.devserver.FakeLlmServer} speaks the chat APIs
 * of OpenAI (and OpenAI-compatible servers), Anthropic, Gemini, Mistral and Ollama over real HTTP on 127.0.0.1,
 * closely enough for LangChain4j 1.18's clients, and injects faults on demand.
 *
 * <table>
 *   <caption>Routes (base URL = {@code http://127.0.0.1:port} + base path)</caption>
 *   <tr><th>route</th><th>base path</th><th>endpoint</th><th>key</th></tr>
 *   <tr><td>openai</td><td>/v1</td><td>POST /v1/chat/completions</td><td>Authorization: Bearer</td></tr>
 *   <tr><td>openai-compatible</td><td>/compat/v1</td><td>POST /compat/v1/chat/completions</td>
 *       <td>Authorization: Bearer</td></tr>
 *   <tr><td>mistral</td><td>/mistral/v1</td><td>POST /mistral/v1/chat/completions</td>
 *       <td>Authorization: Bearer</td></tr>
 *   <tr><td>anthropic</td><td>/v1</td><td>POST /v1/messages</td>
 *       <td>x-api-key, plus anthropic-version (400 without)</td></tr>
 *   <tr><td>gemini</td><td>/v1beta</td><td>POST /v1beta/models/{model}:generateContent</td>
 *       <td>x-goog-api-key or ?key=</td></tr>
 *   <tr><td>ollama</td><td>(none)</td><td>POST /api/chat</td><td>none, unless ollamaRequiresKey</td></tr>
 * </table>
 *
 * <p>A missing key is answered 401 in the provider's error format. Token usage is estimated as four characters
 * per token ({@link ftkit.devserver.FakeLlmServer#estimateTokens(String)}). A reply longer than the requested
 * {@code max_tokens} is cut and marked as stopped by length, as a real provider would. Streaming is not served
 * (400). Run it standalone with {@code java -cp ... ftkit.devserver.FakeLlmServer --help}.
 */
package ftkit.devserver;
