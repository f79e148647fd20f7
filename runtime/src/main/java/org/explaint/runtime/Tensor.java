package org.explaint.runtime;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order: a shape and a window onto a float array.
 *
 * <p>A tensor may be a view: {@link #offset()} says where its first element lies in
 * {@link #data()}. Views let the runtime hand one sequence's rows of a packed batch to a hook
 * without copying; {@link #copy()} makes an owned tensor when a value must outlive the pass.
 * Shapes are always written outermost first, e.g. {@code [head, query, key]}.
 */
public final class Tensor {
    private final float[] data;
    private final int offset;
    private final int[] shape;
    private final int size;

    /** Wraps {@code data} (not copied) as a tensor of the given shape starting at {@code offset}. */
    public Tensor(float[] data, int offset, int... shape) {
        this.shape = shape.clone();
        this.size = sizeOf(this.shape);
        if (offset < 0 || offset + (long) size > data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape)
                    + " at offset " + offset + " does not fit an array of " + data.length);
        }
        this.data = data;
        this.offset = offset;
    }

    /** Wraps a whole array (not copied) as a tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        if (sizeOf(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
                    + sizeOf(shape) + " values, the array has " + data.length);
        }
        return new Tensor(data, 0, shape);
    }

    /** A new tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[sizeOf(shape)], 0, shape);
    }

    /** The number of elements a tensor of this shape holds; rejects negative or overflowing shapes. */
    public static int sizeOf(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape)
                        + " is larger than one Java array can hold");
            }
        }
        return (int) n;
    }

    /** The backing array; element {@code i} of this tensor is {@code data()[offset() + i]}. */
    public float[] data() {
        return data;
    }

    /** Index of this tensor's first element in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return size;
    }

    /** The element at the given multi-dimensional index. */
    public float get(int... index) {
        return data[offset + flatIndex(index)];
    }

    /** Sets the element at the given multi-dimensional index. */
    public void set(float value, int... index) {
        data[offset + flatIndex(index)] = value;
    }

    /** The sub-tensor at {@code index} along the first axis, as a view. */
    public Tensor slice(int index) {
        if (shape.length == 0 || index < 0 || index >= shape[0]) {
            throw new IndexOutOfBoundsException("index " + index + " outside " + Arrays.toString(shape));
        }
        int[] rest = Arrays.copyOfRange(shape, 1, shape.length);
        return new Tensor(data, offset + index * sizeOf(rest), rest);
    }

    /** The same elements seen with another shape of equal size, as a view. */
    public Tensor reshape(int... newShape) {
        if (sizeOf(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape)
                    + " to " + Arrays.toString(newShape));
        }
        return new Tensor(data, offset, newShape);
    }

    /** An owned copy whose array holds exactly this tensor's elements. */
    public Tensor copy() {
        return new Tensor(toArray(), 0, shape);
    }

    /**
     * This tensor's elements as an exactly-sized array: the backing array itself when the tensor
     * covers all of it, else a copy. Callers must not write to the result.
     */
    public float[] toArrayShared() {
        return offset == 0 && data.length == size ? data : toArray();
    }

    /** This tensor's elements, copied into a new array. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** Copies every element of {@code source}, which must have the same shape, into this tensor. */
    public void copyFrom(Tensor source) {
        if (!Arrays.equals(shape, source.shape)) {
            throw new IllegalArgumentException("cannot copy " + Arrays.toString(source.shape)
                    + " into " + Arrays.toString(shape));
        }
        System.arraycopy(source.data, source.offset, data, offset, size);
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        Arrays.fill(data, offset, offset + size, value);
    }

    /** The largest absolute difference between this tensor and another of the same shape. */
    public float maxAbsDifference(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape)
                    + " and " + Arrays.toString(other.shape));
        }
        float worst = 0f;
        for (int i = 0; i < size; i++) {
            float a = data[offset + i];
            float b = other.data[other.offset + i];
            float d = Math.abs(a - b);
            if (Float.isNaN(d)) {
                if (!(Float.isNaN(a) && Float.isNaN(b)) && a != b) {
                    return Float.POSITIVE_INFINITY;
                }
                continue;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for a tensor of rank "
                    + shape.length);
        }
        int flat = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            if (index[axis] < 0 || index[axis] >= shape[axis]) {
                throw new IndexOutOfBoundsException(Arrays.toString(index) + " outside "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[axis] + index[axis];
        }
        return flat;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
