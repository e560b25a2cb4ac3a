using Lisor.Pure.Cells;

namespace Lisor.Pure.Training;

/// <summary>
/// The memory one running shard of a batch needs, allocated once and reused by whichever shard runs in it
/// next (every shard overwrites what it reads): the packed time-major batch
/// (rows sorted by decreasing length; at step t the first Active[t] rows are running) and the
/// activations and gradients of <see cref="Network.Forward"/> / <see cref="Network.Backward"/>.
/// </summary>
internal sealed class ShardWorkspace
{
    public readonly int MaxSteps, MaxRows;
    public int Rows;                  // n: sequences in the loaded batch
    public int Steps;                 // T: the longest one's length
    public readonly int[] Sequence;   // [n] index of each row's sequence in its data set
    public readonly int[] Lengths;    // [n] non-increasing
    public readonly int[] Labels;     // [n] class index, −1 unknown
    public readonly int[] Predicted;  // [n] argmax of the logits
    public readonly int[] Active;     // [T]
    public readonly int[] Ids;        // [T, n] symbol ids (valid for active rows)
    public readonly float[] X;        // [T, n, X]
    public readonly float[] DX;       // [T, n, X] (embedding input only)
    public readonly float[][] H;      // [L][T, n, H]
    public readonly float[][] DH;     // [L][T, n, H]
    public readonly CellWorkspace[] CellSpace;
    public readonly float[] LastH;    // [n, H]
    public readonly float[] DLastH;   // [n, H]
    public readonly float[] Logits;   // [n, C]
    public readonly float[] DLogits;  // [n, C]
    public readonly float[] StepLogits, StepDLogits;  // [T, n, C] per-step head (only with a step loss, else empty)

    /// <summary>
    /// A shard's memory for batches of up to <paramref name="maxSteps"/> × <paramref name="maxRows"/>; <paramref name="rolling"/>
    /// (forward only) asks the cells to keep two steps of their per-step caches (<see cref="Cells.CellWorkspace.Rolling"/>).
    /// </summary>
    public ShardWorkspace(Network net, int maxSteps, int maxRows, bool training, bool rolling = false)
    {
        if (training && rolling) throw new ArgumentException("a training workspace keeps every step", nameof(rolling));
        MaxSteps = Math.Max(1, maxSteps); MaxRows = Math.Max(1, maxRows);
        int tn = MaxSteps * MaxRows;
        Sequence = new int[MaxRows]; Lengths = new int[MaxRows]; Labels = new int[MaxRows]; Predicted = new int[MaxRows];
        Active = new int[MaxSteps]; Ids = new int[tn];
        X = new float[tn * net.InputSize];
        DX = training && net.Input == InputKind.Embedding ? new float[tn * net.InputSize] : [];
        H = new float[net.Layers][]; DH = new float[net.Layers][];
        CellSpace = new CellWorkspace[net.Layers];
        for (int l = 0; l < net.Layers; l++)
        {
            H[l] = new float[tn * net.Hidden];
            DH[l] = training ? new float[tn * net.Hidden] : [];
            CellSpace[l] = net.Cells[l].CreateWorkspace(MaxSteps, MaxRows, rolling);
        }
        LastH = new float[MaxRows * net.Hidden]; DLastH = new float[MaxRows * net.Hidden];
        Logits = new float[MaxRows * net.Classes]; DLogits = new float[MaxRows * net.Classes];
        StepLogits = net.StepLossWeight > 0 ? new float[tn * net.Classes] : [];
        StepDLogits = net.StepLossWeight > 0 && training ? new float[tn * net.Classes] : [];
    }

    /// <summary>
    /// Loads sequences order[start], order[start+1], … order[start+count−1] of <paramref name="data"/>,
    /// which are sorted by increasing length, as rows in reverse (decreasing length) order.
    /// </summary>
    public void Load(EncodedData data, int[] order, int start, int count)
    {
        if (count > MaxRows) ThrowTooMany(count);
        Rows = count;
        for (int i = 0; i < count; i++)
        {
            int s = order[start + count - 1 - i];
            Sequence[i] = s; Lengths[i] = data.Lengths[s]; Labels[i] = data.Labels[s];
        }
        Steps = count == 0 ? 0 : Lengths[0];
        if (Steps > MaxSteps) ThrowTooLong(Steps);
        int active = count;
        for (int t = 0; t < Steps; t++)
        {
            while (Lengths[active - 1] <= t) active--;
            Active[t] = active;
            for (int i = 0; i < active; i++) Ids[t * count + i] = data.Ids[Sequence[i]][t];
        }
    }

    // (out of line: formatting the message would otherwise be compiled into the caller, inside the first timed batch)
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowTooMany(int count) => throw new ArgumentException($"{count} sequences exceed the workspace's {MaxRows} rows");

    // (out of line: formatting the message would otherwise be compiled into the caller, inside the first timed batch)
    [System.Diagnostics.CodeAnalysis.DoesNotReturn, System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowTooLong(int steps) => throw new ArgumentException($"a sequence of length {steps} exceeds the workspace's {MaxSteps} steps");
}
