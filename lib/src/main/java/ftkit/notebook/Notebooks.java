package ftkit.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import ftkit.providers.Target;
import java.lang.reflect.Proxy;
import tech.tablesaw.api.Table;

/**
 * Set-up shared by every notebook: {@code Notebooks.setup()} in the first code cell makes Tablesaw tables
 * display as HTML tables. IJava is reached by reflection, so the lib needs no IJava at compile time and the
 * same code runs (doing nothing) outside a kernel.
 */
public final class Notebooks {
    static final String IJAVA_CLASS = "io.github.spencerpark.ijava.IJava";
    static final String RENDER_FUNCTION_CLASS = "io.github.spencerpark.jupyter.kernel.display.RenderFunction";

    private Notebooks() {
    }

    /**
     * Registers the HTML renderer for {@link Table} when running inside an IJava kernel.
     *
     * @return a one-line status for the notebook, saying what was registered or why nothing was
     */
    public static String setup() {
        Object kernel = ijavaKernel();
        if (kernel == null) return "ftkit notebook helpers loaded; not inside an IJava kernel, no renderers registered";
        try {
            registerTableRenderer(kernel);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("cannot register the Table renderer with this IJava version: " + cause, cause);
        }
        return "ftkit notebook helpers loaded; Tablesaw tables render as HTML";
    }

    /**
     * The per-example token limit to chart: {@code override} when given (e.g. FTKIT_TOKEN_LIMIT), else the
     * target's documented limit.
     *
     * @throws IllegalArgumentException when the override is not a positive number, or the target states no
     *                                  limit and there is no override
     */
    public static int tokenLimit(Target target, String override) {
        if (override != null && !override.isBlank()) {
            try {
                int limit = Integer.parseInt(override.strip());
                if (limit > 0) return limit;
            } catch (NumberFormatException e) {
                // reported below with the value
            }
            throw new IllegalArgumentException("token limit override '" + override + "' is not a positive whole number");
        }
        Long documented = target.maxTokensPerExample();
        if (documented == null || documented <= 0) {
            throw new IllegalArgumentException(target.id() + " has no documented per-example token limit"
                    + (target.limitNote() == null ? "" : " (" + target.limitNote() + ")") + "; set FTKIT_TOKEN_LIMIT");
        }
        return (int) Math.min(Integer.MAX_VALUE, documented);
    }

    /** The running IJava kernel, or null when IJava is absent or not running (a plain JVM, a unit test). */
    static Object ijavaKernel() {
        Class<?> ijava = null;
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                Notebooks.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (loader == null || ijava != null) continue;
            try {
                ijava = Class.forName(IJAVA_CLASS, true, loader);
            } catch (ClassNotFoundException e) {
                // not visible from this loader; try the next
            }
        }
        if (ijava == null) return null;
        try {
            return ijava.getMethod("getKernelInstance").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("found IJava but could not reach its kernel: " + e, e);
        }
    }

    /** renderer.createRegistration(Table.class).preferring("text/html").supporting("text/plain").register(fn) */
    private static void registerTableRenderer(Object kernel) throws ReflectiveOperationException {
        Object renderer = kernel.getClass().getMethod("getRenderer").invoke(kernel);
        Object registration = renderer.getClass().getMethod("createRegistration", Class.class).invoke(renderer, Table.class);
        Method preferring = registration.getClass().getMethod("preferring", String[].class);
        Method supporting = registration.getClass().getMethod("supporting", String[].class);
        registration = preferring.invoke(registration, (Object) new String[] {"text/html"});
        registration = supporting.invoke(registration, (Object) new String[] {"text/plain"});
        Class<?> renderFunction = Class.forName(RENDER_FUNCTION_CLASS, true, kernel.getClass().getClassLoader());
        Object function = Proxy.newProxyInstance(renderFunction.getClassLoader(), new Class<?>[] {renderFunction},
                (proxy, method, args) -> switch (method.getName()) {
                    case "render" -> {
                        renderTable((Table) args[0], args[1]);
                        yield null;
                    }
                    case "toString" -> "ftkit Table renderer";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        registration.getClass().getMethod("register", renderFunction).invoke(registration, function);
    }

    /** context.getOutputContainer().putHTML(..) and putText(..): the front end picks the richest it shows. */
    private static void renderTable(Table table, Object renderContext) throws ReflectiveOperationException {
        Object output = renderContext.getClass().getMethod("getOutputContainer").invoke(renderContext);
        output.getClass().getMethod("putHTML", String.class).invoke(output, Tables.toHtml(table));
        output.getClass().getMethod("putText", String.class).invoke(output, table.print());
    }
}
