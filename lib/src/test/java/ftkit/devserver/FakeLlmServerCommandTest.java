package ftkit.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code FakeLlmServer.main} run as a user would: in its own JVM, its base URL read from stderr. */
@Timeout(60)
class FakeLlmServerCommandTest {

    private static final Pattern LISTENING = Pattern.compile("FakeLlmServer listening on (http://\\S+)");

    private static Process launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FakeLlmServer.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    @Test
    void helpListsOptionsAndExitCodes() throws Exception {
        Process process = launch("--help");
        String help = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(help.contains("--latency-ms") && help.contains("--fault-rate") && help.contains("Exit codes"),
                help);
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Process process = launch("--no-such-option");
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
    }

    @Test
    void servesUntilStoppedWithLatencyAndFaultsFromTheCommandLine() throws Exception {
        Process process = launch("--port", "0", "--latency-ms", "100", "--fault-rate", "1", "--faults", "429:9",
                "--fault-route", "anthropic");
        try {
            BufferedReader stderr = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String baseUrl = null;
            while (baseUrl == null) {
                String line = stderr.readLine();
                if (line == null) {
                    break;
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    baseUrl = matcher.group(1);
                }
            }
            assertTrue(baseUrl != null && baseUrl.startsWith("http://127.0.0.1:"), "base URL on stderr");
            HttpClient http = HttpClient.newHttpClient();
            long start = System.nanoTime();
            HttpResponse<String> openAi = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer k-1234")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, openAi.statusCode());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 100);
            HttpResponse<String> anthropic = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/messages"))
                    .header("x-api-key", "k-1234").header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"c\",\"max_tokens\":10,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, anthropic.statusCode());
            assertEquals("9", anthropic.headers().firstValue("Retry-After").orElseThrow());
            List<String> requestLines = new ArrayList<>();
            while (requestLines.size() < 2) {
                String line = stderr.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("fake-llm #")) {
                    requestLines.add(line);
                }
            }
            assertEquals(2, requestLines.size(), "a line per request on stderr");
            assertTrue(requestLines.get(0).contains("openai") && requestLines.get(0).contains("status=200"),
                    requestLines.toString());
            assertTrue(requestLines.get(1).contains("status=429") && !requestLines.get(1).contains("k-1234"),
                    requestLines.toString());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }
}
