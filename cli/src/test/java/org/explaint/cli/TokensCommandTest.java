package org.explaint.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.testing.RandomWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokensCommandTest {
    private static final String CONLLU = """
            # sent_id = 1
            1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
            2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_
            3\tsleeps\tsleep\tVERB\tVBZ\t_\t0\troot\t_\t_
            4\tsoundly\tsoundly\tADV\tRB\t_\t3\tadvmod\t_\t_

            # sent_id = 2
            1\ta\ta\tDET\tDT\t_\t2\tdet\t_\t_
            2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj:pass\t_\t_
            3\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\t_
            4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

            """;

    @Test
    void writesPerLayerIdentifiabilityAndJudgedClaims(@TempDir Path dir) throws IOException {
        Path treebank = dir.resolve("t.conllu");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            text.append(CONLLU);
        }
        Files.writeString(treebank, text);
        Path heads = dir.resolve("heads.json");
        Files.writeString(heads, """
                {"relations": {"nsubj": {"count": 12, "best": {"layer": 1, "head": 2,
                 "direction": "dep->head", "score": 0.7, "ci": [0.5, 0.9]},
                 "baseline": {"direction": "dep->head", "offset": 1, "score": 0.3, "ci": [0.2, 0.4]}}}}
                """);
        Path out = dir.resolve("tokens.json");

        // A quiet tiny encoder whose patterns are forced to the identity.
        ModelConfig c = RandomWeights.tinyEncoder();
        Transformer t = new Transformer(c, RandomWeights.forConfig(c, 11, 0.02f));
        UnaryOperator<Hooks> identity = hooks -> {
            for (int l = 0; l < c.layers(); l++) {
                hooks.intervene(HookNames.pattern(l), (hook, seq, value) -> {
                    value.fill(0f);
                    for (int h = 0; h < value.dim(0); h++) {
                        for (int q = 0; q < value.dim(1); q++) {
                            value.slice(h).slice(q).set(1f, q);
                        }
                    }
                });
            }
            return hooks;
        };
        TokensCommand cmd = new TokensCommand(
                name -> new LoadedModel(name, t, new WordPieceTestTokenizer(), dir, "test"), identity);
        int code = new CommandLine(cmd).execute("--model", "tiny", "--treebank", treebank.toString(),
                "--threads", "2", "--resamples", "50", "--heads", heads.toString(), "--out", out.toString());
        assertEquals(0, code);

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(12, json.get("sentences").asInt());
        assertEquals(c.layers() + 1, json.get("layers").size());
        JsonNode top = json.get("layers").get(c.layers());
        assertEquals("blocks.1.resid_post", top.get("hook").asText());
        assertEquals(1.0, top.at("/identifiability/against_embed/identity/rate").asDouble(), 0.0);
        assertTrue(top.at("/identifiability/against_token_embedding/linear/ci").isArray());
        assertEquals(1.0, top.at("/rollout_self_share/rate").asDouble(), 1e-12);
        assertEquals(20, json.at("/flow/max_length").asInt());

        // Identity attention never points at another word: the claim scores 0 and is not warranted.
        JsonNode claim = json.get("claims").get(0);
        assertEquals("nsubj", claim.get("relation").asText());
        assertEquals(12, claim.get("arcs").asInt());
        assertEquals("not warranted", claim.get("verdict").asText());
        assertTrue(json.at("/verdict_rule/text").asText().startsWith("Rule '"));
    }
}
