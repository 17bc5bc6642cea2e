package dev.litescope.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's -json layout, byte for byte as the hand-written writer printed it before Jackson took over. */
class JsonMapperTest {
    @Test
    void prettyKeepsTheCommandLinesLayout() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("replica", "gcs");
        row.put("generation", "0d1703b11920264e");
        row.put("lag_ns", 1_500_000_000L);
        row.put("newest", null);
        row.put("size", 4096);
        row.put("key", "db/generations/x \"quoted\" \\ tab\t é");
        List<Object> rows = new ArrayList<>();
        rows.add(row);
        rows.add(Map.of());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("operations_cost_usd", 4.0E-6);
        stats.put("cache_hits", 0);
        stats.put("bytes", 0.25);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("generations", rows);
        doc.put("empty", List.of());
        doc.put("stats", stats);
        String expected = """
                {
                  "generations": [
                    {
                      "replica": "gcs",
                      "generation": "0d1703b11920264e",
                      "lag_ns": 1500000000,
                      "newest": null,
                      "size": 4096,
                      "key": "db/generations/x \\"quoted\\" \\\\ tab\\t é"
                    },
                    {}
                  ],
                  "empty": [],
                  "stats": {
                    "operations_cost_usd": 4.0E-6,
                    "cache_hits": 0,
                    "bytes": 0.25
                  }
                }""";
        assertThat(JsonMapper.pretty(doc)).isEqualTo(expected);
    }
}
