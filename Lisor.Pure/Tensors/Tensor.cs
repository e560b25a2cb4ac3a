namespace Lisor.Pure.Tensors;

/// <summary>
/// A dense float32 tensor of rank 1 to 3. Storage is row-major everywhere in Lisor.Pure: the last
/// index varies fastest, so element [i, j, k] of shape [A, B, C] lives at (i·B + j)·C + k.
/// A tensor may be a view into a larger buffer (offset + length), so slices never copy.
/// </summary>
internal sealed class Tensor
{
    /// <summary>The backing buffer, possibly shared with other views.</summary>
    public float[] Buffer { get; }
    /// <summary>Where this tensor starts in <see cref="Buffer"/>.</summary>
    public int Offset { get; }
    /// <summary>Sizes of the dimensions, outermost first.</summary>
    public int[] Shape { get; }
    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Length { get; }

    /// <summary>Allocates a zeroed tensor of the given shape.</summary>
    public Tensor(params int[] shape) : this(new float[Count(shape)], 0, shape) { }

    /// <summary>A view of <paramref name="buffer"/> starting at <paramref name="offset"/> with the given shape.</summary>
    public Tensor(float[] buffer, int offset, params int[] shape)
    {
        if (shape.Length is < 1 or > 3) throw new ArgumentException("rank must be 1, 2 or 3", nameof(shape));
        Length = Count(shape);
        if (offset < 0 || offset + Length > buffer.Length) throw new ArgumentException("view exceeds buffer");
        Buffer = buffer; Offset = offset; Shape = (int[])shape.Clone();
    }

    private static int Count(int[] shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException("negative dimension");
            n *= d;
        }
        if (n > int.MaxValue) throw new ArgumentException("tensor too large");
        return (int)n;
    }

    /// <summary>Rank (number of dimensions).</summary>
    public int Rank => Shape.Length;

    /// <summary>The elements as a span (no copy).</summary>
    public Span<float> Span => Buffer.AsSpan(Offset, Length);

    /// <summary>Row <paramref name="i"/> of a rank-2 tensor [rows, cols] (no copy).</summary>
    public Span<float> Row(int i)
    {
        int cols = Shape[^1];
        return Buffer.AsSpan(Offset + i * cols, cols);
    }

    /// <summary>Element access for rank 2: [i, j].</summary>
    public ref float this[int i, int j] => ref Buffer[Offset + i * Shape[1] + j];

    /// <summary>Element access for rank 3: [i, j, k].</summary>
    public ref float this[int i, int j, int k] => ref Buffer[Offset + (i * Shape[1] + j) * Shape[2] + k];

    /// <summary>The sub-tensor at outer index <paramref name="i"/>: rank drops by one (no copy).</summary>
    public Tensor Slice(int i)
    {
        if (Rank == 1) throw new InvalidOperationException("cannot slice a rank-1 tensor");
        int inner = Length / Shape[0];
        return new Tensor(Buffer, Offset + i * inner, Shape[1..]);
    }

    /// <summary>The same elements seen with another shape of equal size (no copy).</summary>
    public Tensor Reshape(params int[] shape)
    {
        if (Count(shape) != Length) throw new ArgumentException("reshape must keep the element count");
        return new Tensor(Buffer, Offset, shape);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}]";
}
