namespace Lisor.Pure.Kernels;

/// <summary>
/// The clustering's vector kernels of one path (<see cref="DistanceScalar"/>, <see cref="Distance128"/>,
/// <see cref="Distance256"/>), as static abstract members like <see cref="IGemmMicroKernel"/>, so the catalog
/// of paths (<see cref="Distance.Paths"/>) is written once for every path.
/// </summary>
internal interface IDistanceKernels
{
    static abstract float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y);
    static abstract void AddTo(ReadOnlySpan<float> x, Span<double> acc);
    static abstract void SubtractFrom(ReadOnlySpan<float> x, Span<double> acc);
    static abstract void AddSquaredDeviationsTo(ReadOnlySpan<float> x, ReadOnlySpan<double> mean, Span<double> acc);
    static abstract void AddMinRows(ReadOnlySpan<float> tile, int rows, int width, ReadOnlySpan<float> caps, Span<double> acc);
    static abstract int MinAndSecond(ReadOnlySpan<float> row, int count, out float best, out float second);
}

/// <summary>The distance tiles of one path (<see cref="TileScalar"/>, <see cref="Tile128"/>, <see cref="Tile256"/>).</summary>
internal interface ITileKernels
{
    static abstract void Distances4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT, int kPad, Span<float> dist);
    static abstract void Distances8(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT, int kPad, Span<float> dist);
    static abstract void Nearest4(ReadOnlySpan<float> points, int dim, ReadOnlySpan<int> rows, ReadOnlySpan<float> centresT,
                                  int kPad, int k, Span<int> nearest, Span<float> best, Span<float> second);
    static abstract void DistancesToOne(ReadOnlySpan<float> points, int dim, int first, int count, ReadOnlySpan<float> centre, Span<float> dist);
}
