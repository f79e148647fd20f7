package org.explaint.runtime;

/** The scratch arrays of one forward pass, sized for the packed rows of the batch. */
final class Workspace {
    final float[] x;      // [tokens, hidden]   the residual stream
    final float[] h;      // [tokens, hidden]   normalised input or a sublayer's output
    final float[] q;      // [tokens, heads * headDim]
    final float[] k;      // [tokens, kvHeads * headDim]
    final float[] v;      // [tokens, kvHeads * headDim]
    final float[] z;      // [tokens, heads * headDim]
    final float[] mlp;    // [tokens, mlpHidden]
    final float[] up;     // [tokens, mlpHidden] (gated MLPs only)
    private float[] attention = new float[0];

    Workspace(ModelConfig c, int tokens) {
        x = new float[Tensor.sizeOf(tokens, c.hidden())];
        h = new float[x.length];
        q = new float[Tensor.sizeOf(tokens, c.queryWidth())];
        k = new float[Tensor.sizeOf(tokens, c.kvWidth())];
        v = new float[k.length];
        z = new float[q.length];
        mlp = new float[Tensor.sizeOf(tokens, c.mlpHidden())];
        up = c.activation() == ModelConfig.Activation.SILU_GATED ? new float[mlp.length] : null;
    }

    // A buffer of at least `size` floats for one sequence's scores; reused across sequences and layers.
    float[] attention(int size) {
        if (attention.length < size) {
            attention = new float[size];
        }
        return attention;
    }
}
