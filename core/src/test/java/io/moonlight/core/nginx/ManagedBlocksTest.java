package io.moonlight.core.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.nginx.ManagedBlocks.Insertion;
import io.moonlight.core.nginx.ManagedBlocks.Scan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagedBlocksTest {
    private static final Set<String> NAMES = Set.of("upstreams", "locations");
    private static final String BASE = "server {\n\tlisten 443;\n}\n";

    @Test
    void wrapIndentsTheBodyAndSignsIt() {
        String block = ManagedBlocks.wrap("locations", "location /a {\n    return 204;\n}\n", "\t", "\t", "\n");

        String content = "\tlocation /a {\n\t\treturn 204;\n\t}\n";
        assertEquals("\t# BEGIN moonlight managed block: locations (sha256:" + ManagedBlocks.checksum(content)
                + ") - do not edit\n" + content + "\t# END moonlight managed block: locations\n", block);
    }

    @Test
    void insertedBlocksComeOutAgainLeavingTheBaseExactly() {
        String block = ManagedBlocks.wrap("locations", "location /a {\n    return 204;\n}\n", "\t", "\t", "\n");
        int offset = BASE.indexOf("}\n");
        String text = ManagedBlocks.insert(BASE, List.of(new Insertion(offset, block)));

        Scan scan = ManagedBlocks.scan(text, "t.conf", NAMES);

        assertEquals(BASE, scan.base());
        assertEquals(List.of(new ManagedBlock("locations", 3, offset, false)), scan.blocks());
    }

    @Test
    void aBlockEndsItsLinesAsTheFileDoesAndKeepsItsChecksumWhenTheFileIsConverted() {
        String crlfBase = BASE.replace("\n", "\r\n");
        String block = ManagedBlocks.wrap("locations", "location /a {\n    return 204;\n}\n", "\t", "\t",
                ManagedBlocks.newline(crlfBase));
        String crlf = ManagedBlocks.insert(crlfBase, List.of(new Insertion(crlfBase.indexOf("}\r\n"), block)));

        assertEquals("\r\n", ManagedBlocks.newline(crlfBase));
        assertEquals("\n", ManagedBlocks.newline(BASE));
        assertEquals("\n", ManagedBlocks.newline("server {}"));
        assertEquals(crlf.lines().count(), crlf.split("\r\n", -1).length - 1, "every line ends in CRLF: " + crlf);
        assertEquals(List.of(new ManagedBlock("locations", 3, crlfBase.indexOf("}\r\n"), false)),
                ManagedBlocks.scan(crlf, "t.conf", NAMES).blocks());
        assertFalse(ManagedBlocks.scan(crlf.replace("\r\n", "\n"), "t.conf", NAMES).blocks().get(0).edited(),
                "the same file converted to LF");
    }

    @Test
    void aChangedLineInsideMarksTheBlockEdited() {
        String text = ManagedBlocks.wrap("upstreams", "upstream a {\n    server 127.0.0.1:8004;\n}\n", "", "    ", "\n") + BASE;

        Scan scan = ManagedBlocks.scan(text.replace(":8004", ":9004"), "t.conf", NAMES);

        assertTrue(scan.blocks().get(0).edited());
        assertFalse(ManagedBlocks.scan(text, "t.conf", NAMES).blocks().get(0).edited());
        assertEquals(BASE, scan.base());
    }

    @Test
    void brokenMarkersAreErrorsWithTheirLine() {
        String block = ManagedBlocks.wrap("upstreams", "upstream a {\n}\n", "", "    ", "\n");
        String end = "# END moonlight managed block: upstreams\n";

        assertBroken(block.replace(end, ""), "t.conf:1: managed block 'upstreams' has no END marker");
        assertBroken(BASE + end, "t.conf:4: END marker without its BEGIN marker");
        assertBroken(block + block, "t.conf:5: managed block 'upstreams' appears twice");
        assertBroken(block.replace("upstreams (sha256", "mystery (sha256"), "t.conf:1: unknown managed block 'mystery'");
        assertBroken(block.replace(" - do not edit", ""), "t.conf:1: malformed BEGIN marker");
        assertBroken(block.replace(end, "# END moonlight managed block: locations\n"),
                "t.conf:4: END marker does not close managed block 'upstreams'");
    }

    private static void assertBroken(String text, String message) {
        MoonlightException error = assertThrows(MoonlightException.class, () -> ManagedBlocks.scan(text, "t.conf", NAMES));
        assertEquals(message, error.getMessage());
    }
}
