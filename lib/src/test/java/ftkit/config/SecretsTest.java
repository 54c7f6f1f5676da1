package ftkit.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SecretsTest {
    @Test
    void secretNames() {
        for (String name : List.of("OPENAI_API_KEY", "hf_token", "CLIENT_SECRET", "DB_PASSWORD", "PASSWORD_FILE", "KEY")) {
            assertTrue(Secrets.isSecretName(name), name);
        }
        for (String name : List.of("FTKIT_MODEL", "KEYWORDS", "PATH", "FTKIT_DATABASE_URL", "TOKENIZER_PATH")) {
            assertFalse(Secrets.isSecretName(name), name);
        }
    }

    @Test
    void redactMasksSecretsWhollyAndPasswordsInsideValues() {
        assertEquals(Secrets.MASK, Secrets.redact("OPENAI_API_KEY", "sk-1234567890"));
        assertEquals("(unset)", Secrets.redact("OPENAI_API_KEY", null));
        assertEquals("(empty)", Secrets.redact("OPENAI_API_KEY", ""));
        assertEquals("gpt-4o", Secrets.redact("FTKIT_MODEL", "gpt-4o"));
        assertEquals("postgresql://ftkit:********@db:5432/ftkit",
                Secrets.redact("FTKIT_DATABASE_URL", "postgresql://ftkit:s3cr3t@db:5432/ftkit"));
        assertEquals("jdbc:postgresql://db/ftkit?user=ftkit&password=********&ssl=true",
                Secrets.redactValue("jdbc:postgresql://db/ftkit?user=ftkit&password=s3cr3t&ssl=true"));
        assertEquals("host=db password=******** dbname=x", Secrets.redactValue("host=db password=s3cr3t dbname=x"));
        assertEquals("https://user@host/v1", Secrets.redactValue("https://user@host/v1"), "no password, nothing to mask");
    }

    @Test
    void scrubRemovesKnownSecretValuesFromAnyText() {
        Map<String, String> env = Map.of(
                "OPENAI_API_KEY", "sk-live-abcdef123",
                "FTKIT_DATABASE_URL", "postgresql://u:dbpass99@h/db",
                "SHORT_KEY", "abc",
                "FTKIT_MODEL", "gpt-4o");
        Set<String> values = Secrets.values(env);
        assertEquals(Set.of("sk-live-abcdef123", "dbpass99"), values);
        String message = "401 from provider: invalid key sk-live-abcdef123; db dbpass99 refused; model gpt-4o";
        assertEquals("401 from provider: invalid key ********; db ******** refused; model gpt-4o",
                Secrets.scrub(message, values));
    }
}
