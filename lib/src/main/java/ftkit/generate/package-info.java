/**
 * Synthetic conversation generation. So far: {@link ftkit.generate.ChatModels}, which builds LangChain4j chat
 * models for every {@link ftkit.generate.LlmProvider} with LangChain4j's retries off, and
 * {@link ftkit.generate.LlmFailure}, which turns what those models throw into status, {@code Retry-After} and
 * retryability for a retry layer.
 */
package ftkit.generate;
