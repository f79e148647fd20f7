package org.explaint.analysis.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.explaint.runtime.ExplaintException;

/**
 * Reads the claims of a head-probing result ({@code heads.json} of {@code explaint heads}).
 *
 * <p>Only the fields a claim needs are read: per relation {@code count}, {@code best} {layer,
 * head, direction, score} and {@code baseline} {offset, score, ci}. The relations sit under a
 * top-level {@code relations} object; a file whose top level is itself the relation map is read
 * too.
 */
public final class HeadClaims {
    private HeadClaims() {
    }

    /**
     * The claims in file order.
     *
     * @throws ExplaintException when the file is unreadable or a relation lacks a needed field
     */
    public static List<HeadClaim> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ExplaintException("cannot read head-probing result " + file + ": " + e.getMessage()
                    + "; pass the heads.json written by 'explaint heads'");
        }
        JsonNode relations = root.has("relations") ? root.get("relations") : root;
        List<HeadClaim> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = relations.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = e.getValue();
            JsonNode best = r.get("best");
            JsonNode base = r.get("baseline");
            if (best == null || base == null || !best.has("layer") || !best.has("head")) {
                throw new ExplaintException(file + ": relation '" + e.getKey() + "' lacks 'best' {layer, "
                        + "head, direction, score} or 'baseline' {offset, score, ci}; was the file written "
                        + "by 'explaint heads'?");
            }
            JsonNode ci = base.get("ci");
            double[] baseCi = ci == null || ci.isNull() ? new double[] {base.path("score").asDouble(),
                    base.path("score").asDouble()} : new double[] {ci.get(0).asDouble(), ci.get(1).asDouble()};
            try {
                out.add(new HeadClaim(e.getKey(), r.path("count").asInt(), best.get("layer").asInt(),
                        best.get("head").asInt(), best.path("direction").asText(),
                        best.path("score").asDouble(), base.path("offset").asInt(),
                        base.path("score").asDouble(), baseCi));
            } catch (IllegalArgumentException bad) {
                throw new ExplaintException(file + ": " + bad.getMessage());
            }
        }
        return out;
    }
}
