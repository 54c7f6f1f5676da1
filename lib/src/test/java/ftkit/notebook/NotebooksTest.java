package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import org.junit.jupiter.api.Test;

class NotebooksTest {
    private static final ProviderRegistry REGISTRY = ProviderRegistry.bundled();

    @Test
    void outsideAKernelSetupSaysSoInsteadOfFailing() {
        // The renderer registration itself is checked by notebooks/run-all.sh: a notebook whose tables do not
        // come out as HTML fails there.
        assertNull(Notebooks.ijavaKernel());
        assertTrue(Notebooks.setup().contains("not inside an IJava kernel"));
    }

    @Test
    void tokenLimitComesFromTheTargetUnlessOverridden() {
        Target target = REGISTRY.target("openai/gpt-4o-mini-2024-07-18");

        assertEquals(65_536, Notebooks.tokenLimit(target, null));
        assertEquals(65_536, Notebooks.tokenLimit(target, " "));
        assertEquals(4_096, Notebooks.tokenLimit(target, "4096"));
        assertThrows(IllegalArgumentException.class, () -> Notebooks.tokenLimit(target, "0"));
        assertThrows(IllegalArgumentException.class, () -> Notebooks.tokenLimit(target, "64k"));
    }

    @Test
    void aTargetWithoutADocumentedLimitNeedsAnOverride() {
        Target unstated = REGISTRY.targets().stream().filter(t -> t.maxTokensPerExample() == null).findFirst()
                .orElseThrow(() -> new AssertionError("the bundled registry has no target without a limit"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notebooks.tokenLimit(unstated, null));
        assertTrue(e.getMessage().contains(unstated.id()) && e.getMessage().contains("FTKIT_TOKEN_LIMIT"), e.getMessage());
        assertEquals(8_000, Notebooks.tokenLimit(unstated, "8000"));
    }
}
