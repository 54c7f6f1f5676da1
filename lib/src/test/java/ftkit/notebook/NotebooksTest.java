package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotebooksTest {

    @Test
    void outsideAKernelSetupSaysSoInsteadOfFailing() {
        // The renderer registration itself is checked by notebooks/run-all.sh: a notebook whose tables do not
        // come out as HTML fails there.
        assertNull(Notebooks.ijavaKernel());
        assertTrue(Notebooks.setup().contains("not inside an IJava kernel"));
    }
}
