using Lisor.Pure.Kernels;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

/// <summary>
/// The transposes between node-major states (a prefix cache level) and a group's lane-major block
/// (<see cref="NodeMajor"/>) against their element-by-element definitions: every H from 1 to 19 and the widest lane-major
/// size, records of one layer and of three (h and c) with the units at their start, middle and end, whole and partial
/// groups, repeated and neighbouring columns; a store writes its nodes' units and nothing else.
/// </summary>
public class NodeMajorTests
{
    private const int L = LaneProduct.Lanes;

    private static IEnumerable<int> Sizes() => Enumerable.Range(1, 19).Append(LaneInference.MaxHidden);

    // (record, offset) of one layer's units: a record of that layer alone; the first, second and last of six (three
    // layers' h and c, the LSTM's); and a record with one spare float past the units
    private static IEnumerable<(int Record, int Offset)> Layouts(int H) => [(H, 0), (6 * H, 0), (6 * H, H), (6 * H, 5 * H), (H + 1, 0), (H + 1, 1)];

    [TestCaseSource(nameof(Sizes))]
    public void A_gather_takes_each_lanes_parent_units_as_the_definition_does(int H)
    {
        if (KernelPaths.Best != KernelPath.Vector256) Assert.Ignore("the lane-major pass runs on the Vector256 path only");
        var rng = new Rng((ulong)(40 + H));
        int capacity = 37;
        foreach (var (record, offset) in Layouts(H))
        {
            var nodes = new float[capacity * record];
            for (int i = 0; i < nodes.Length; i++) nodes[i] = rng.NextFloat() - 0.5f;
            int[][] patterns =
            [
                Enumerable.Range(0, L).Select(_ => rng.NextInt(capacity)).ToArray(),   // anywhere, some repeated
                Enumerable.Range(capacity - L, L).ToArray(),                          // the last nodes, in order
                Enumerable.Repeat(capacity - 1, L).ToArray(),                          // one parent for every lane
                Enumerable.Range(0, L).Select(k => (k * 7) % capacity).Reverse().ToArray(),
            ];
            foreach (var columns in patterns)
            {
                var fast = new float[H * L]; var definition = new float[H * L];
                Array.Fill(fast, float.NaN);
                NodeMajor.Gather(nodes, columns, record, offset, H, fast);
                NodeMajor.GatherScalar(nodes, columns, record, offset, H, definition);
                Assert.That(fast, Is.EqualTo(definition), $"H = {H}, record {record}, offset {offset}, columns {string.Join(",", columns)}");
            }
        }
    }

    [TestCaseSource(nameof(Sizes))]
    public void A_store_writes_its_nodes_as_the_definition_does_and_nothing_else(int H)
    {
        if (KernelPaths.Best != KernelPath.Vector256) Assert.Ignore("the lane-major pass runs on the Vector256 path only");
        var rng = new Rng((ulong)(60 + H));
        var block = new float[H * L];
        for (int i = 0; i < block.Length; i++) block[i] = rng.NextFloat() - 0.5f;
        int capacity = 2 * L + 3;
        foreach (var (record, offset) in Layouts(H))
            foreach (int count in new[] { 0, 1, 7, 8, 9, 15, L })
                foreach (int column in new[] { 0, 3, capacity - count })
                {
                    var fast = new float[capacity * record]; var definition = new float[capacity * record];
                    Array.Fill(fast, -7f); Array.Fill(definition, -7f);
                    NodeMajor.Store(block, H, fast, record, offset, column, count);
                    NodeMajor.StoreScalar(block, H, definition, record, offset, column, count);
                    Assert.That(fast, Is.EqualTo(definition), $"H = {H}, record {record}, offset {offset}: {count} nodes from column {column}");
                }
    }

    [Test]
    public void Columns_or_nodes_past_the_states_are_refused()
    {
        if (KernelPaths.Best != KernelPath.Vector256) Assert.Ignore("the lane-major pass runs on the Vector256 path only");
        var nodes = new float[10 * 4];
        var columns = Enumerable.Range(0, L).Select(k => k % 4).ToArray();
        columns[5] = 4;   // one node past the end
        Assert.Throws<ArgumentException>(() => NodeMajor.Gather(nodes, columns, 10, 0, 10, new float[10 * L]));
        Assert.Throws<ArgumentException>(() => NodeMajor.Store(new float[10 * L], 10, nodes, 10, 0, 2, 3));
        Assert.Throws<ArgumentException>(() => NodeMajor.Store(new float[10 * L], 10, nodes, 10, 0, 0, L + 1));
        // units past their record
        var inRange = Enumerable.Range(0, L).Select(k => k % 2).ToArray();
        Assert.Throws<ArgumentException>(() => NodeMajor.Gather(nodes, inRange, 20, 11, 10, new float[10 * L]));
        Assert.Throws<ArgumentException>(() => NodeMajor.Store(new float[10 * L], 10, nodes, 20, 11, 0, 1));
    }
}
