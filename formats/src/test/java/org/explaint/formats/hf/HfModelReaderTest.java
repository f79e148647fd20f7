package org.explaint.formats.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins what the Hugging Face reader derives from config.json and how it rejects bad directories. */
class HfModelReaderTest {
    @TempDir
    Path dir;

    /** Copies a fixture's config and weights into the temporary directory, editing the config. */
    Path copy(String fixture, String from, String to) throws IOException {
        Path src = HfParityTest.fixture(fixture);
        String config = Files.readString(src.resolve("config.json"));
        assertTrue(config.contains(from), from);
        Files.writeString(dir.resolve("config.json"), config.replace(from, to));
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        return dir;
    }

    static void assertNames(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void derivesEachFamilysConfigFromConfigJson() {
        ModelConfig bert = HfModelReader.read(HfParityTest.fixture("bert")).config();
        assertEquals(ModelConfig.NormPlacement.POST, bert.normPlacement());
        assertEquals(ModelConfig.Activation.GELU_ERF, bert.activation());
        assertEquals(2, bert.typeVocabSize());
        assertFalse(bert.causal());

        ModelConfig gpt2 = HfModelReader.read(HfParityTest.fixture("gpt2")).config();
        assertEquals(ModelConfig.Activation.GELU_TANH, gpt2.activation());
        assertEquals(64, gpt2.mlpHidden());
        assertTrue(gpt2.causal());

        HfModelParts llama = HfModelReader.read(HfParityTest.fixture("llama"));
        assertEquals(4, llama.config().heads());
        assertEquals(2, llama.config().kvHeads());
        assertEquals(500000f, llama.config().ropeTheta());
        assertEquals("LlamaForCausalLM", llama.architecture());
        assertFalse(Arrays.equals(llama.weights().find("unembed.weight").toArrayShared(),
                llama.weights().find("embed.token").toArrayShared()));

        HfModelParts tied = HfModelReader.read(HfParityTest.fixture("llama-tied-sharded"));
        assertSame(tied.weights().find("embed.token"), tied.weights().find("unembed.weight"));
    }

    @Test
    void fallsBackToTheBaseModelOfModelTypeWithoutArchitectures() throws IOException {
        Path d = copy("gpt2", "\"GPT2LMHeadModel\"", "");
        HfModelParts parts = HfModelReader.read(d);
        assertEquals("GPT2Model", parts.architecture());
        assertFalse(parts.weights().has("unembed.weight"));
        assertFalse(new Transformer(parts.config(), parts.weights()).hasLogitHead());
    }

    @Test
    void everyTensorOfTheFixturesIsUsed() {
        List<LogRecord> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(HfModelReader.class.getName());
        log.addHandler(handler);
        try {
            for (String name : List.of("bert", "bert-base-model-f16", "gpt2", "llama", "llama-bf16",
                    "llama-tied-sharded", "llama-far-positions")) {
                HfModelReader.read(HfParityTest.fixture(name));
            }
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(List.of(), warnings.stream().map(LogRecord::getMessage).toList());
    }

    @Test
    void rejectsAnUnsupportedArchitectureNamingConfigJsonAndTheSupportedList() throws IOException {
        Path d = copy("gpt2", "\"GPT2LMHeadModel\"", "\"T5ForConditionalGeneration\"");
        ExplaintException e = assertThrows(ExplaintException.class, () -> HfModelReader.read(d));
        assertNames(e, d.resolve("config.json").toString(), "T5ForConditionalGeneration", "LlamaForCausalLM",
                "BertForMaskedLM");
    }

    @Test
    void rejectsRopeScalingNamingTheValue() throws IOException {
        Path d = copy("llama", "\"rope_type\": \"default\"", "\"rope_type\": \"llama3\", \"factor\": 8.0");
        ExplaintException e = assertThrows(ExplaintException.class, () -> HfModelReader.read(d));
        assertNames(e, "config.json", "llama3", "rope_parameters", "default");
    }

    @Test
    void rejectsAnUnsupportedActivation() throws IOException {
        Path d = copy("bert", "\"hidden_act\": \"gelu\"", "\"hidden_act\": \"relu\"");
        ExplaintException e = assertThrows(ExplaintException.class, () -> HfModelReader.read(d));
        assertNames(e, "config.json", "hidden_act", "relu", "gelu_new");
    }

    @Test
    void rejectsATensorOfTheWrongShapeNamingFileAndTensor() throws IOException {
        Path d = copy("llama", "\"intermediate_size\": 64", "\"intermediate_size\": 48");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfModelReader.read(d));
        assertNames(e, d.resolve("model.safetensors").toString(), "model.layers.0.mlp.gate_proj.weight",
                "[64, 32]", "[48, 32]");
    }

    @Test
    void rejectsATruncatedWeightsFileNamingIt() throws IOException {
        Path d = copy("gpt2", "\"n_layer\": 2", "\"n_layer\": 2");
        Path weights = d.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(all, all.length / 2));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfModelReader.read(d));
        assertNames(e, weights.toString(), "truncated");
    }

    @Test
    void rejectsADirectoryWithoutWeightsOrConfig() throws IOException {
        ModelFormatException noConfig = assertThrows(ModelFormatException.class, () -> HfModelReader.read(dir));
        assertNames(noConfig, "config.json");
        Files.copy(HfParityTest.fixture("gpt2").resolve("config.json"), dir.resolve("config.json"));
        ModelFormatException noWeights = assertThrows(ModelFormatException.class, () -> HfModelReader.read(dir));
        assertNames(noWeights, "model.safetensors", "model.safetensors.index.json");
    }

    @Test
    void rejectsAShardIndexNamingAMissingShard() throws IOException {
        Path src = HfParityTest.fixture("llama-tied-sharded");
        for (Path p : Files.newDirectoryStream(src)) {
            if (!p.getFileName().toString().equals("model-00003-of-00006.safetensors")) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfModelReader.read(dir));
        assertNames(e, "model-00003-of-00006.safetensors");
    }

    /** A shard index must not make the reader open files outside the model folder. */
    @Test
    void shardIndexPointingOutsideTheFolderIsRefused(@TempDir Path temp) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("model"));
        Files.copy(Path.of("src/test/resources/hf/llama-tied-sharded/config.json"), dir.resolve("config.json"));
        for (String shard : List.of("../../etc/passwd", "/etc/passwd", "../outside.safetensors",
                "/tmp/outside.safetensors", "sub/../../outside.safetensors")) {
            Files.writeString(dir.resolve("model.safetensors.index.json"),
                    "{\"weight_map\": {\"model.embed_tokens.weight\": \"" + shard + "\"}}");

            ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfModelReader.read(dir));

            assertNames(e, shard, "inside");
        }
    }
}
