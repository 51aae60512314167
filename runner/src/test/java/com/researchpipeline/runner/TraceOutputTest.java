package com.researchpipeline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchpipeline.contract.StatusEvent;
import com.researchpipeline.contract.StatusEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A file's name is the one thing in an operator's output that anybody who can drop a file chooses. */
class TraceOutputTest {

    private static final String FORGED = "x.txt\n  2026-12-06 09:00:00  ingest   INDEXED  forged\u001b[2J\u001b]0;owned\u0007\u202e.txt";

    @Test
    void aFileNameCannotForgeALineOrSendTheTerminalAnEscapeSequence() {
        Instant at = Instant.parse("2026-12-06T09:00:00Z");
        List<StatusEvent> events = List.of(
                StatusEvent.of(Kind.DISCOVERED, "ingest", at).path(FORGED).sizeBytes(12).build(),
                StatusEvent.of(Kind.REJECTED, "ingest", at.plusSeconds(1)).path(FORGED).millis(20)
                        .reason("cannot read '" + FORGED + "'").action("fix\nit").build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        TraceCommand.print(FORGED, events, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output.lines()).as(output).hasSize(6).noneMatch(line -> line.startsWith("  2026-12-06 09:00:00  ingest   INDEXED"));
        assertThat(output.chars().filter(c -> c != '\n' && (Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT))).as(output).isEmpty();
        assertThat(output).contains("x.txt\\n  2026-12-06").contains("\\u001B[2J");
    }
}
