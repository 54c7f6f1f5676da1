/**
 * Synthetic conversation generation ({@code scripts/generate.java}, command {@link ftkit.generate.GenerateCommand}).
 *
 * <ul>
 *   <li>{@link ftkit.generate.GenerationPlan}: the brief's planning template as a YAML file
 *       ({@code examples/plans/plan.yaml}); {@link ftkit.generate.QuotaMatrix} expands it into cells
 *       (category × scenario × expertise × phrasing × complexity) with exact quotas and stable task keys.</li>
 *   <li>{@link ftkit.generate.Prompts}: the templates of {@code prompts/system/} (named placeholders, rendered by
 *       {@link ftkit.prompts.PromptTemplate}, which fails on a missing variable).</li>
 *   <li>{@link ftkit.generate.Generator}: concurrency, {@link ftkit.generate.RateLimiter} (requests and tokens per
 *       minute), {@link ftkit.generate.Backoff} (exponential with jitter, {@code Retry-After} wins), repair
 *       requests for replies that fail {@link ftkit.generate.ConversationParser}, budgets, and counts that add
 *       up.</li>
 *   <li>{@link ftkit.generate.Journal}: SQLite; every answer is committed before it is emitted, so a re-run resumes
 *       and nothing is emitted twice.</li>
 *   <li>{@link ftkit.generate.PriceTable}: dollars per million tokens, kept as data
 *       ({@code ftkit/generate/prices.yaml}, user-editable examples).</li>
 *   <li>{@link ftkit.generate.ChatModels} builds LangChain4j chat models for every
 *       {@link ftkit.generate.LlmProvider} with LangChain4j's retries off; {@link ftkit.generate.LlmFailure} turns
 *       what they throw into status, {@code Retry-After} and retryability.</li>
 * </ul>
 */
package ftkit.generate;
