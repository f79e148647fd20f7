package org.explaint.runtime;

import static org.explaint.runtime.ModelWeights.block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.explaint.runtime.kernels.MatMul;
import org.explaint.runtime.kernels.PackedMatrix;
import org.explaint.runtime.kernels.VectorMath;

/**
 * A float32 transformer forward pass that shows every internal through named hook points.
 *
 * <p>One implementation serves encoders (BERT family: post-norm, learned positions, segment
 * embeddings) and decoders (GPT-2: pre-norm LayerNorm, learned positions; Llama: RMSNorm, rotary
 * positions, SwiGLU, grouped-query attention), all switched by {@link ModelConfig}. The dense
 * layers run on the packed rows of every sequence of a batch at once; attention runs per
 * sequence, so padding never enters a sum. Hooks are visited per sequence in the order
 * {@link HookNames#all} lists them.
 *
 * <p>Rotary embeddings use the half-split convention of Hugging Face Llama (dimension {@code i}
 * pairs with {@code i + headDim/2}); readers of checkpoints that pair neighbouring dimensions
 * (llama2.c, GGUF) permute the query and key weights when loading.
 *
 * <p>Sequences longer than {@link ModelConfig#maxPositions} are rejected, not windowed.
 * An instance is immutable after construction and may be shared by threads, each running its
 * own pass.
 */
public final class Transformer {
    private final ModelConfig config;
    private final float[] tokenEmbedding;       // [vocab, hidden]
    private final float[] positionEmbedding;    // [maxPositions, hidden] or null
    private final float[] segmentEmbedding;     // [types, hidden] or null
    private final float[] embedNormWeight;      // [hidden] or null
    private final float[] embedNormBias;        // [hidden] or null
    private final Block[] blocks;
    private final float[] finalNormWeight;      // [hidden] or null
    private final float[] finalNormBias;        // [hidden] or null
    private final LogitHead logitHead;          // null when the model has no vocabulary head
    private final float[] ropeCos;              // [maxPositions, headDim/2] or null
    private final float[] ropeSin;              // [maxPositions, headDim/2] or null

    /**
     * The weights of one block; matrices are {@code [in, out]} packed as column panels (a second
     * copy made once at construction; the caller's unpacked arrays are not kept), absent biases
     * are null.
     */
    private record Block(PackedMatrix wq, float[] bq, PackedMatrix wk, float[] bk,
                         PackedMatrix wv, float[] bv, PackedMatrix wo, float[] bo,
                         float[] attnNormWeight, float[] attnNormBias,
                         PackedMatrix up, float[] upBias, PackedMatrix gate, float[] gateBias,
                         PackedMatrix down, float[] downBias, float[] mlpNormWeight, float[] mlpNormBias) {
    }

    /**
     * Builds the runtime for a configuration and its weights, checking every shape once.
     *
     * @throws ModelFormatException when a weight is missing, has the wrong shape, or holds a NaN
     *                              or an infinity
     */
    public Transformer(ModelConfig config, ModelWeights weights) {
        this.config = config;
        requireFiniteWeights(weights);
        int h = config.hidden();
        int qw = config.queryWidth();
        int kvw = config.kvWidth();
        int m = config.mlpHidden();
        boolean layerNorm = config.norm() == ModelConfig.Norm.LAYER_NORM;

        tokenEmbedding = dense(weights.require("embed.token", config.vocabSize(), h));
        positionEmbedding = config.positions() == ModelConfig.PositionEncoding.LEARNED
                ? dense(weights.require("embed.position", config.maxPositions(), h)) : null;
        segmentEmbedding = config.typeVocabSize() > 0
                ? dense(weights.require("embed.segment", config.typeVocabSize(), h)) : null;
        embedNormWeight = config.embeddingNorm() ? dense(weights.require("embed.norm.weight", h)) : null;
        embedNormBias = config.embeddingNorm() && layerNorm
                ? dense(weights.optional("embed.norm.bias", h)) : null;

        blocks = new Block[config.layers()];
        boolean gated = config.activation() == ModelConfig.Activation.SILU_GATED;
        for (int l = 0; l < config.layers(); l++) {
            blocks[l] = new Block(
                    packed(weights.require(block(l, "attn.q.weight"), h, qw)),
                    dense(weights.optional(block(l, "attn.q.bias"), qw)),
                    packed(weights.require(block(l, "attn.k.weight"), h, kvw)),
                    dense(weights.optional(block(l, "attn.k.bias"), kvw)),
                    packed(weights.require(block(l, "attn.v.weight"), h, kvw)),
                    dense(weights.optional(block(l, "attn.v.bias"), kvw)),
                    packed(weights.require(block(l, "attn.o.weight"), qw, h)),
                    dense(weights.optional(block(l, "attn.o.bias"), h)),
                    dense(weights.require(block(l, "attn_norm.weight"), h)),
                    dense(weights.optional(block(l, "attn_norm.bias"), h)),
                    packed(weights.require(block(l, "mlp.up.weight"), h, m)),
                    dense(weights.optional(block(l, "mlp.up.bias"), m)),
                    gated ? packed(weights.require(block(l, "mlp.gate.weight"), h, m)) : null,
                    gated ? dense(weights.optional(block(l, "mlp.gate.bias"), m)) : null,
                    packed(weights.require(block(l, "mlp.down.weight"), m, h)),
                    dense(weights.optional(block(l, "mlp.down.bias"), h)),
                    dense(weights.require(block(l, "mlp_norm.weight"), h)),
                    dense(weights.optional(block(l, "mlp_norm.bias"), h)));
        }

        boolean pre = config.normPlacement() == ModelConfig.NormPlacement.PRE;
        finalNormWeight = pre ? dense(weights.require("final_norm.weight", h)) : null;
        finalNormBias = pre ? dense(weights.optional("final_norm.bias", h)) : null;
        logitHead = LogitHead.from(config, weights, tokenEmbedding);

        if (config.positions() == ModelConfig.PositionEncoding.ROTARY) {
            int half = config.headDim() / 2;
            ropeCos = new float[config.maxPositions() * half];
            ropeSin = new float[config.maxPositions() * half];
            for (int i = 0; i < half; i++) {
                // As Hugging Face (and llama2.c) compute it, each step rounded to float32: the
                // power, its reciprocal, and the angle p * invFreq.
                float invFreq = 1f / (float) Math.pow(config.ropeTheta(), (float) (2 * i) / config.headDim());
                for (int p = 0; p < config.maxPositions(); p++) {
                    float angle = (float) p * invFreq;
                    ropeCos[p * half + i] = (float) Math.cos(angle);
                    ropeSin[p * half + i] = (float) Math.sin(angle);
                }
            }
        } else {
            ropeCos = null;
            ropeSin = null;
        }
    }

    /** The configuration this runtime was built for. */
    public ModelConfig config() {
        return config;
    }

    /** The token embedding table {@code [vocab, hidden]}, shared: callers must not write to it. */
    public Tensor tokenEmbeddings() {
        return Tensor.of(tokenEmbedding, config.vocabSize(), config.hidden());
    }

    /** Whether the model has a vocabulary head (masked-LM or causal-LM logits). */
    public boolean hasLogitHead() {
        return logitHead != null;
    }

    /**
     * Runs the model on a batch.
     *
     * @param batch the sequences
     * @param hooks what to capture and edit; {@link Hooks#none()} for a plain pass
     * @return per sequence, the final states {@code [position, hidden]} (after the final norm in
     *         pre-norm models); logits are computed only when the {@code logits} hook is active
     * @throws ExplaintException when a token id is outside the vocabulary or a sequence is longer
     *                           than the position table
     */
    public List<Tensor> forward(TokenBatch batch, Hooks hooks) {
        int h = config.hidden();
        int n = batch.size();
        int[] starts = new int[n + 1];
        for (int s = 0; s < n; s++) {
            TokenSequence seq = batch.sequences().get(s);
            check(seq, s);
            starts[s + 1] = starts[s] + seq.length();
        }
        int total = starts[n];
        Workspace ws = new Workspace(config, total);

        // Embeddings: token rows, then learned positions and segments, then the embedding norm.
        float[] x = ws.x;
        for (int s = 0; s < n; s++) {
            int[] ids = batch.sequences().get(s).ids();
            for (int p = 0; p < ids.length; p++) {
                System.arraycopy(tokenEmbedding, ids[p] * h, x, (starts[s] + p) * h, h);
            }
        }
        visitRows(hooks, HookNames.EMBED_TOKEN, x, starts, h);
        if (positionEmbedding != null) {
            addEmbedding(hooks, HookNames.EMBED_POSITION, batch, starts, x, ws.h, true);
        }
        if (segmentEmbedding != null) {
            addEmbedding(hooks, HookNames.EMBED_SEGMENT, batch, starts, x, ws.h, false);
        }
        if (config.embeddingNorm()) {
            norm(x, total, embedNormWeight, embedNormBias, x);
        }
        visitRows(hooks, HookNames.EMBED, x, starts, h);

        for (int l = 0; l < blocks.length; l++) {
            runBlock(l, blocks[l], batch, starts, ws, hooks);
        }

        if (finalNormWeight != null) {
            norm(x, total, finalNormWeight, finalNormBias, x);
            visitRows(hooks, HookNames.FINAL_NORM, x, starts, h);
        }

        if (logitHead != null && hooks.isActive(HookNames.LOGITS)) {
            float[] logits = logitHead.apply(x, total);
            visitRows(hooks, HookNames.LOGITS, logits, starts, config.vocabSize());
        }

        List<Tensor> out = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            out.add(new Tensor(x, starts[s] * h, starts[s + 1] - starts[s], h));
        }
        return out;
    }

    /**
     * Vocabulary logits for states that are already final (after the final norm where there is one).
     *
     * @param states {@code [position, hidden]}
     * @return {@code [position, vocab]}
     */
    public Tensor logits(Tensor states) {
        if (logitHead == null) {
            throw new ExplaintException("this " + config.family() + " model has no vocabulary head, so it "
                    + "cannot produce logits; load a checkpoint that includes its masked-LM or LM head");
        }
        int rows = states.dim(0);
        float[] in = states.toArray();
        return Tensor.of(logitHead.apply(in, rows), rows, config.vocabSize());
    }

    /**
     * The final norm applied to any residual-stream states (identity for post-norm models); with
     * {@link #logits} this is the logit lens.
     *
     * @param states {@code [position, hidden]}
     * @return a new tensor {@code [position, hidden]}
     */
    public Tensor finalNorm(Tensor states) {
        float[] in = states.toArray();
        if (finalNormWeight != null) {
            norm(in, states.dim(0), finalNormWeight, finalNormBias, in);
        }
        return Tensor.of(in, states.dim(0), config.hidden());
    }

    private void runBlock(int l, Block b, TokenBatch batch, int[] starts, Workspace ws, Hooks hooks) {
        int total = starts[starts.length - 1];
        int h = config.hidden();
        int qw = config.queryWidth();
        int kvw = config.kvWidth();
        int m = config.mlpHidden();
        boolean pre = config.normPlacement() == ModelConfig.NormPlacement.PRE;
        float[] x = ws.x;

        // The attention input: normalised first in pre-norm models.
        float[] in = x;
        if (pre) {
            norm(x, total, b.attnNormWeight, b.attnNormBias, ws.h);
            in = ws.h;
        }

        // Query, key and value projections, then rotary positions where the model uses them.
        MatMul.multiply(in, 0, total, h, b.wq, 0, b.bq, 0, ws.q, 0);
        MatMul.multiply(in, 0, total, h, b.wk, 0, b.bk, 0, ws.k, 0);
        MatMul.multiply(in, 0, total, h, b.wv, 0, b.bv, 0, ws.v, 0);
        if (ropeCos != null) {
            rotate(ws.q, config.heads(), batch, starts);
            rotate(ws.k, config.kvHeads(), batch, starts);
        }
        visitHeads(hooks, HookNames.q(l), ws.q, starts, config.heads());
        visitHeads(hooks, HookNames.k(l), ws.k, starts, config.kvHeads());
        visitHeads(hooks, HookNames.v(l), ws.v, starts, config.kvHeads());

        // Scaled dot-product attention, one sequence at a time.
        for (int s = 0; s < batch.size(); s++) {
            attend(l, s, starts[s], starts[s + 1] - starts[s], ws, hooks);
        }
        visitHeads(hooks, HookNames.z(l), ws.z, starts, config.heads());

        // Each head's share of the output projection, only when someone asks for it.
        if (hooks.isActive(HookNames.result(l))) {
            headResults(l, b, starts, ws, hooks);
        }

        // Output projection and the residual add (followed by the norm in post-norm models).
        MatMul.multiply(ws.z, 0, total, qw, b.wo, 0, b.bo, 0, ws.h, 0);
        visitRows(hooks, HookNames.attnOut(l), ws.h, starts, h);
        VectorMath.add(ws.h, 0, x, 0, total * h);
        if (!pre) {
            norm(x, total, b.attnNormWeight, b.attnNormBias, x);
        }
        visitRows(hooks, HookNames.residMid(l), x, starts, h);

        // The MLP: up (and gate) projection, activation, down projection.
        in = x;
        if (pre) {
            norm(x, total, b.mlpNormWeight, b.mlpNormBias, ws.h);
            in = ws.h;
        }
        if (b.gate != null) {
            MatMul.multiply(in, 0, total, h, b.gate, 0, b.gateBias, 0, ws.mlp, 0);
            MatMul.multiply(in, 0, total, h, b.up, 0, b.upBias, 0, ws.up, 0);
        } else {
            MatMul.multiply(in, 0, total, h, b.up, 0, b.upBias, 0, ws.mlp, 0);
        }
        visitRows(hooks, HookNames.mlpPre(l), ws.mlp, starts, m);
        for (int r = 0; r < total; r++) {
            activate(ws.mlp, r * m, m);
            if (b.gate != null) {
                VectorMath.multiply(ws.mlp, r * m, ws.up, r * m, m);
            }
        }
        visitRows(hooks, HookNames.mlpPost(l), ws.mlp, starts, m);
        MatMul.multiply(ws.mlp, 0, total, m, b.down, 0, b.downBias, 0, ws.h, 0);
        visitRows(hooks, HookNames.mlpOut(l), ws.h, starts, h);

        // The second residual add (and norm in post-norm models).
        VectorMath.add(ws.h, 0, x, 0, total * h);
        if (!pre) {
            norm(x, total, b.mlpNormWeight, b.mlpNormBias, x);
        }
        visitRows(hooks, HookNames.residPost(l), x, starts, h);
    }

    // Scores, softmax and the weighted sum of values for one sequence of length n starting at row `base`.
    private void attend(int l, int s, int base, int n, Workspace ws, Hooks hooks) {
        int heads = config.heads();
        int hd = config.headDim();
        int qw = config.queryWidth();
        int kvw = config.kvWidth();
        int group = heads / config.kvHeads();
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] att = ws.attention(heads * n * n);

        for (int head = 0; head < heads; head++) {
            int kvHead = head / group;
            for (int i = 0; i < n; i++) {
                int row = (head * n + i) * n;
                int qOff = (base + i) * qw + head * hd;
                int visible = config.causal() ? i + 1 : n;
                for (int j = 0; j < visible; j++) {
                    att[row + j] = VectorMath.dot(ws.q, qOff, ws.k, (base + j) * kvw + kvHead * hd, hd) * scale;
                }
                Arrays.fill(att, row + visible, row + n, Float.NEGATIVE_INFINITY);
            }
        }
        Tensor view = new Tensor(att, 0, heads, n, n);
        if (hooks.isActive(HookNames.scores(l))) {
            hooks.visit(HookNames.scores(l), s, view);
        }

        for (int r = 0; r < heads * n; r++) {
            VectorMath.softmax(att, r * n, n);
        }
        if (hooks.isActive(HookNames.pattern(l))) {
            hooks.visit(HookNames.pattern(l), s, view);
        }

        for (int head = 0; head < heads; head++) {
            int kvHead = head / group;
            for (int i = 0; i < n; i++) {
                int row = (head * n + i) * n;
                int zOff = (base + i) * qw + head * hd;
                Arrays.fill(ws.z, zOff, zOff + hd, 0f);
                for (int j = 0; j < n; j++) {
                    float p = att[row + j];
                    if (p != 0f) {
                        VectorMath.axpy(p, ws.v, (base + j) * kvw + kvHead * hd, ws.z, zOff, hd);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Incremental decoding, the one entry point DecoderSession uses. It repeats the block
    // computation of runBlock for new positions only, reading earlier keys and values from the
    // session's cache instead of recomputing them; hooks are not visited on this path.

    /**
     * Runs the tokens {@code ids} at positions {@code past .. past+n-1} of a causal model whose
     * earlier keys and values are already in the caches, and appends theirs.
     *
     * @param keys   per layer, the rotated keys {@code [position, kvHeads*headDim]}, room for
     *               at least {@code past + n} positions
     * @param values per layer, the values, same shape as {@code keys}
     * @return the final states {@code [n, hidden]} (after the final norm)
     */
    float[] forwardCached(int[] ids, int past, float[][] keys, float[][] values) {
        int n = ids.length;
        int h = config.hidden();
        check(new TokenSequence(ids, null), 0);
        if (past + n > config.maxPositions()) {
            throw new ExplaintException("the context would reach " + (past + n) + " tokens but this "
                    + config.family() + " model handles at most " + config.maxPositions()
                    + " positions; use a shorter prompt or fewer new tokens");
        }
        Workspace ws = new Workspace(config, n);
        float[] x = ws.x;
        for (int p = 0; p < n; p++) {
            System.arraycopy(tokenEmbedding, ids[p] * h, x, p * h, h);
            if (positionEmbedding != null) {
                VectorMath.add(positionEmbedding, (past + p) * h, x, p * h, h);
            }
        }
        if (config.embeddingNorm()) {
            norm(x, n, embedNormWeight, embedNormBias, x);
        }
        for (int l = 0; l < blocks.length; l++) {
            cachedBlock(blocks[l], n, past, keys[l], values[l], ws);
            requireFinite(HookNames.residPost(l), x, new int[] {0, n}, h);
        }
        if (finalNormWeight != null) {
            norm(x, n, finalNormWeight, finalNormBias, x);
        }
        return x;
    }

    private void cachedBlock(Block b, int n, int past, float[] keys, float[] values, Workspace ws) {
        int h = config.hidden();
        int qw = config.queryWidth();
        int kvw = config.kvWidth();
        int m = config.mlpHidden();
        boolean pre = config.normPlacement() == ModelConfig.NormPlacement.PRE;
        float[] x = ws.x;

        // Projections of the new rows; their rotated keys and values join the cache.
        float[] in = x;
        if (pre) {
            norm(x, n, b.attnNormWeight, b.attnNormBias, ws.h);
            in = ws.h;
        }
        MatMul.multiply(in, 0, n, h, b.wq, 0, b.bq, 0, ws.q, 0);
        MatMul.multiply(in, 0, n, h, b.wk, 0, b.bk, 0, ws.k, 0);
        MatMul.multiply(in, 0, n, h, b.wv, 0, b.bv, 0, ws.v, 0);
        if (ropeCos != null) {
            rotateFrom(ws.q, config.heads(), n, past);
            rotateFrom(ws.k, config.kvHeads(), n, past);
        }
        System.arraycopy(ws.k, 0, keys, past * kvw, n * kvw);
        System.arraycopy(ws.v, 0, values, past * kvw, n * kvw);

        // Causal attention of each new row over the cache, in the same order of sums as attend.
        int hd = config.headDim();
        int group = config.heads() / config.kvHeads();
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] att = ws.attention(past + n);
        for (int head = 0; head < config.heads(); head++) {
            int kvOff = (head / group) * hd;
            for (int i = 0; i < n; i++) {
                int visible = past + i + 1;
                int qOff = i * qw + head * hd;
                for (int j = 0; j < visible; j++) {
                    att[j] = VectorMath.dot(ws.q, qOff, keys, j * kvw + kvOff, hd) * scale;
                }
                VectorMath.softmax(att, 0, visible);
                Arrays.fill(ws.z, qOff, qOff + hd, 0f);
                for (int j = 0; j < visible; j++) {
                    if (att[j] != 0f) {
                        VectorMath.axpy(att[j], values, j * kvw + kvOff, ws.z, qOff, hd);
                    }
                }
            }
        }

        // Output projection, residual, MLP, residual: as runBlock.
        MatMul.multiply(ws.z, 0, n, qw, b.wo, 0, b.bo, 0, ws.h, 0);
        VectorMath.add(ws.h, 0, x, 0, n * h);
        if (!pre) {
            norm(x, n, b.attnNormWeight, b.attnNormBias, x);
        }
        in = x;
        if (pre) {
            norm(x, n, b.mlpNormWeight, b.mlpNormBias, ws.h);
            in = ws.h;
        }
        if (b.gate != null) {
            MatMul.multiply(in, 0, n, h, b.gate, 0, b.gateBias, 0, ws.mlp, 0);
            MatMul.multiply(in, 0, n, h, b.up, 0, b.upBias, 0, ws.up, 0);
        } else {
            MatMul.multiply(in, 0, n, h, b.up, 0, b.upBias, 0, ws.mlp, 0);
        }
        for (int r = 0; r < n; r++) {
            activate(ws.mlp, r * m, m);
            if (b.gate != null) {
                VectorMath.multiply(ws.mlp, r * m, ws.up, r * m, m);
            }
        }
        MatMul.multiply(ws.mlp, 0, n, m, b.down, 0, b.downBias, 0, ws.h, 0);
        VectorMath.add(ws.h, 0, x, 0, n * h);
        if (!pre) {
            norm(x, n, b.mlpNormWeight, b.mlpNormBias, x);
        }
    }

    // Rotary positions for `rows` packed rows holding positions first, first+1, ...
    private void rotateFrom(float[] t, int heads, int rows, int first) {
        int hd = config.headDim();
        int half = hd / 2;
        for (int r = 0; r < rows; r++) {
            int p = first + r;
            for (int head = 0; head < heads; head++) {
                int o = (r * heads + head) * hd;
                for (int i = 0; i < half; i++) {
                    float cos = ropeCos[p * half + i];
                    float sin = ropeSin[p * half + i];
                    float a = t[o + i];
                    float c = t[o + i + half];
                    t[o + i] = a * cos - c * sin;
                    t[o + i + half] = c * cos + a * sin;
                }
            }
        }
    }

    private void headResults(int l, Block b, int[] starts, Workspace ws, Hooks hooks) {
        int h = config.hidden();
        int hd = config.headDim();
        int heads = config.heads();
        int qw = config.queryWidth();
        for (int s = 0; s + 1 < starts.length; s++) {
            int n = starts[s + 1] - starts[s];
            float[] result = new float[n * heads * h];
            for (int p = 0; p < n; p++) {
                for (int head = 0; head < heads; head++) {
                    MatMul.multiply(ws.z, (starts[s] + p) * qw + head * hd, 1, hd,
                            b.wo, head * hd, null, 0, result, (p * heads + head) * h);
                }
            }
            hooks.visit(HookNames.result(l), s, new Tensor(result, 0, n, heads, h));
        }
    }

    private void rotate(float[] t, int heads, TokenBatch batch, int[] starts) {
        int hd = config.headDim();
        int half = hd / 2;
        int width = heads * hd;
        for (int s = 0; s < batch.size(); s++) {
            for (int p = 0; p < starts[s + 1] - starts[s]; p++) {
                int row = (starts[s] + p) * width;
                for (int head = 0; head < heads; head++) {
                    int o = row + head * hd;
                    for (int i = 0; i < half; i++) {
                        float cos = ropeCos[p * half + i];
                        float sin = ropeSin[p * half + i];
                        float a = t[o + i];
                        float c = t[o + i + half];
                        t[o + i] = a * cos - c * sin;
                        t[o + i + half] = c * cos + a * sin;
                    }
                }
            }
        }
    }

    private void addEmbedding(Hooks hooks, String hook, TokenBatch batch, int[] starts, float[] x,
                              float[] scratch, boolean positions) {
        int h = config.hidden();
        float[] table = positions ? positionEmbedding : segmentEmbedding;
        for (int s = 0; s < batch.size(); s++) {
            TokenSequence seq = batch.sequences().get(s);
            for (int p = 0; p < seq.length(); p++) {
                int index = positions ? p : seq.segment(p);
                System.arraycopy(table, index * h, scratch, (starts[s] + p) * h, h);
            }
        }
        visitRows(hooks, hook, scratch, starts, h);
        VectorMath.add(scratch, 0, x, 0, starts[batch.size()] * h);
    }

    private void activate(float[] a, int off, int n) {
        switch (config.activation()) {
            case GELU_ERF -> VectorMath.geluErf(a, off, n);
            case GELU_TANH -> VectorMath.geluTanh(a, off, n);
            case SILU_GATED -> VectorMath.silu(a, off, n);
        }
    }

    private void norm(float[] in, int rows, float[] weight, float[] bias, float[] out) {
        if (config.norm() == ModelConfig.Norm.LAYER_NORM) {
            VectorMath.layerNorm(in, 0, rows, config.hidden(), weight, bias, config.normEpsilon(), out, 0);
        } else {
            VectorMath.rmsNorm(in, 0, rows, config.hidden(), weight, config.normEpsilon(), out, 0);
        }
    }

    private static void visitRows(Hooks hooks, String hook, float[] a, int[] starts, int width) {
        requireFinite(hook, a, starts, width);
        if (!hooks.isActive(hook)) {
            return;
        }
        for (int s = 0; s + 1 < starts.length; s++) {
            hooks.visit(hook, s, new Tensor(a, starts[s] * width, starts[s + 1] - starts[s], width));
        }
    }

    private void visitHeads(Hooks hooks, String hook, float[] a, int[] starts, int heads) {
        int hd = config.headDim();
        requireFinite(hook, a, starts, heads * hd);
        if (!hooks.isActive(hook)) {
            return;
        }
        for (int s = 0; s + 1 < starts.length; s++) {
            hooks.visit(hook, s, new Tensor(a, starts[s] * heads * hd, starts[s + 1] - starts[s], heads, hd));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Numerical guards. A NaN or an infinity that reaches a score silently turns it into
    // nonsense (NaN compares false, so a NaN head is never "best" and never "worst"), so the
    // weights are checked once when the model is built and every hook point's value before it
    // is handed on: the first bad value stops the run with the layer and hook that produced it.

    private static void requireFiniteWeights(ModelWeights weights) {
        for (String name : weights.names()) {
            Tensor t = weights.find(name);
            int bad = VectorMath.firstNonFinite(t.data(), t.offset(), t.size());
            if (bad >= 0) {
                throw new ModelFormatException("weight '" + name + "' holds " + t.data()[t.offset() + bad]
                        + " at flat index " + bad + " of " + t.size() + "; the file is damaged or was "
                        + "saved from a diverged training run, and explaint will not compute with it");
            }
        }
    }

    // Values at a hook point are rows of `width` floats; starts delimit the sequences.
    private static void requireFinite(String hook, float[] a, int[] starts, int width) {
        int total = starts[starts.length - 1];
        int bad = VectorMath.firstNonFinite(a, 0, total * width);
        if (bad < 0) {
            return;
        }
        int row = bad / width;
        int s = 0;
        while (starts[s + 1] <= row) {
            s++;
        }
        throw new NonFiniteActivationException(hook, s, row - starts[s], bad % width, a[bad]);
    }

    private void check(TokenSequence seq, int s) {
        if (seq.length() > config.maxPositions()) {
            throw new ExplaintException("sequence " + s + " has " + seq.length() + " tokens but this "
                    + config.family() + " model handles at most " + config.maxPositions()
                    + " positions; shorten the text (longer sequences are rejected, not windowed)");
        }
        int[] ids = seq.ids();
        for (int p = 0; p < ids.length; p++) {
            if (ids[p] < 0 || ids[p] >= config.vocabSize()) {
                throw new ExplaintException("token id " + ids[p] + " at position " + p + " of sequence " + s
                        + " is outside the model's vocabulary of " + config.vocabSize()
                        + "; the tokenizer does not belong to this model");
            }
            int seg = seq.segment(p);
            if (seg < 0 || (seg > 0 && seg >= config.typeVocabSize())) {
                throw new ExplaintException("segment id " + seg + " at position " + p + " of sequence " + s
                        + " is outside the model's " + config.typeVocabSize() + " segment types");
            }
        }
    }

    // A weight matrix [in, out] re-laid as column panels for the product kernel.
    private static PackedMatrix packed(Tensor t) {
        return PackedMatrix.pack(t.data(), t.offset(), t.dim(0), t.dim(1));
    }

    // A weight as one exactly-sized array; copies only the rare view that does not fill its array.
    private static float[] dense(Tensor t) {
        if (t == null) {
            return null;
        }
        return t.offset() == 0 && t.data().length == t.size() ? t.data() : t.toArray();
    }
}
