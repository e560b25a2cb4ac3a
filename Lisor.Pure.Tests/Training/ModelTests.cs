using Lisor.Pure.Common;
using Lisor.Pure.Data;
using Lisor.Pure.Tensors;
using Lisor.Pure.Training;

namespace Lisor.Pure.Tests.Training;

public class ModelTests
{
    private static readonly TaskSplits Task = SyntheticTasks.Generate("tomita4", new TaskOptions(Train: 200, Valid: 50, Test: 50, MaxLength: 8), seed: 5);
    private static Model? _model;

    private static Model Trained => _model ??= Trainer.Train(Task.Train, Task.Valid, null,
        new TrainingOptions { Cell = "srn", Hidden = 6, Layers = 2, Embed = 3, Epochs = 4, Seed = 3 }, null).Model;

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(7)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(300)]
    public void Softmax_is_the_double_formula_bit_for_bit(int classes)
    {
        var rng = new Rng((ulong)classes);
        for (int row = 0; row < 200; row++)
        {
            var z = Enumerable.Range(0, classes).Select(_ => (rng.NextFloat() - 0.5f) * (row % 4 == 0 ? 200f : 8f)).ToArray();
            var p = new float[classes];
            Network.Softmax(z, p);
            // p_c = exp(z_c − max z) / Σ exp(z_c' − max z), in double, as written
            double max = z.Max(), sum = 0;
            foreach (float v in z) sum += Math.Exp(v - max);
            Assert.That(p, Is.EqualTo(z.Select(v => (float)(Math.Exp(v - max) / sum)).ToArray()));
        }
    }

    [Test]
    public void Two_class_softmax_with_one_exp_has_the_formulas_bits()
    {
        // logits from 1e-30 to 1e30 apart (e underflows to 0 past ~745), ties, signed zeros, the largest floats;
        // either class the larger
        var rng = new Rng(11);
        var rows = new List<(float, float)> { (0f, -0f), (-0f, 0f), (2f, 2f), (float.MaxValue, -float.MaxValue), (-float.MaxValue, float.MaxValue),
                                               (float.Epsilon, 0f), (0f, float.Epsilon), (-104f, 0f), (0f, 745.5f) };
        for (int i = 0; i < 20000; i++)
        {
            float scale = MathF.Pow(10f, rng.NextInt(61) - 30);
            rows.Add(((rng.NextFloat() - 0.5f) * scale, (rng.NextFloat() - 0.5f) * scale));
        }
        var p = new float[2];
        foreach (var (z0, z1) in rows)
        {
            double max = Math.Max((double)z0, z1), sum = 0;
            sum += Math.Exp(z0 - max); sum += Math.Exp(z1 - max);
            Network.Softmax2(z0, z1, p);
            Assert.That(BitConverter.SingleToInt32Bits(p[0]), Is.EqualTo(BitConverter.SingleToInt32Bits((float)(Math.Exp(z0 - max) / sum))), $"{z0}, {z1}");
            Assert.That(BitConverter.SingleToInt32Bits(p[1]), Is.EqualTo(BitConverter.SingleToInt32Bits((float)(Math.Exp(z1 - max) / sum))), $"{z0}, {z1}");
        }
    }

    [Test]
    public void Softmax_and_the_loss_keep_the_formulas_bits_at_ties_infinities_and_NaN()
    {
        // rows where the maximum's term is e⁰ (taken without a call), ties, ±∞ and NaN among the logits
        float[][] rows =
        [
            [0.5f, -1.25f], [3f, 3f], [-0f, 0f], [float.PositiveInfinity, 1f], [float.PositiveInfinity, float.PositiveInfinity],
            [float.NegativeInfinity, 2f], [float.NaN, 1f], [1f, float.NaN], [1e30f, -1e30f], [2f, 7f, 7f, -3f],
        ];
        foreach (var z in rows)
        {
            double max = z[0];
            for (int c = 1; c < z.Length; c++) max = Math.Max(max, z[c]);
            double sum = 0;
            foreach (float v in z) sum += Math.Exp(v - max);
            var expected = z.Select(v => (float)(Math.Exp(v - max) / sum)).ToArray();
            var p = new float[z.Length];
            Network.Softmax(z, p);
            Assert.That(p.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)), string.Join(", ", z));
        }
        // the loss and its gradient, row by row, against loss_i = log Σ exp(z − max) + max − z_y and
        // dz = scale · (exp(z_c − max) / Σ − [c = y]) with every exp computed: 2, 3 and 70 classes, some rows tied
        foreach (int classes in new[] { 2, 3, 70 })
        {
            var net = new Network("srn", 4, 1, classes, 3, InputKind.OneHot, 3, null);
            var ws = new ShardWorkspace(net, 1, 8, training: true);
            var rng = new Rng((ulong)classes);
            ws.Rows = 8;
            for (int i = 0; i < 8; i++)
            {
                ws.Labels[i] = i == 3 ? -1 : rng.NextInt(classes);
                for (int c = 0; c < classes; c++) ws.Logits[i * classes + c] = i % 2 == 0 ? (rng.NextFloat() - 0.5f) * 20f : MathF.Round(rng.NextFloat() * 2f);
            }
            var (loss, correct) = net.Loss(ws, 0.125f);
            double expectedLoss = 0;
            for (int i = 0; i < 8; i++)
            {
                var z = ws.Logits.AsSpan(i * classes, classes).ToArray();
                if (ws.Labels[i] < 0) { Assert.That(ws.DLogits.AsSpan(i * classes, classes).ToArray(), Is.All.EqualTo(0f)); continue; }
                double max = z.Max(), sum = 0;
                foreach (float v in z) sum += Math.Exp(v - max);
                expectedLoss += Math.Log(sum) + max - z[ws.Labels[i]];
                var dz = Enumerable.Range(0, classes).Select(c => 0.125f * (float)(Math.Exp(z[c] - max) / sum - (c == ws.Labels[i] ? 1 : 0))).ToArray();
                Assert.That(ws.DLogits.AsSpan(i * classes, classes).ToArray(), Is.EqualTo(dz), $"row {i}, {classes} classes");
            }
            Assert.That(loss, Is.EqualTo(expectedLoss), $"{classes} classes");
            Assert.That(correct, Is.InRange(0, 7));
        }
    }

    private static string SaveToTemp(Model m)
    {
        string path = Path.Combine(CliRunner.TempDir(), "m.model");
        m.Save(path);
        return path;
    }

    [Test]
    public void Model_file_round_trips_bit_exactly()
    {
        var m = Trained;
        string path = SaveToTemp(m);
        var loaded = Model.Load(path);
        Assert.That(loaded.Weights, Is.EqualTo(m.Weights).AsCollection);
        Assert.That((loaded.CellKind, loaded.Hidden, loaded.Layers, loaded.Input, loaded.InputSize), Is.EqualTo((m.CellKind, m.Hidden, m.Layers, m.Input, m.InputSize)));
        Assert.That(loaded.Classes, Is.EqualTo(m.Classes));
        Assert.That(loaded.PositiveClass, Is.EqualTo(m.PositiveClass));
        Assert.That(loaded.Vocabulary.Symbols, Is.EqualTo(m.Vocabulary.Symbols));
        Assert.That(loaded.Predict(Task.Test), Is.EqualTo(m.Predict(Task.Test)));
        var a = m.HiddenStates(Task.Test); var b = loaded.HiddenStates(Task.Test);
        for (int i = 0; i < a.Length; i++) Assert.That(b[i], Is.EqualTo(a[i]).AsCollection);
        string again = SaveToTemp(loaded);
        Assert.That(File.ReadAllBytes(again), Is.EqualTo(File.ReadAllBytes(path)));
    }

    [Test]
    public void A_flipped_byte_is_rejected_with_a_checksum_error()
    {
        string path = SaveToTemp(Trained);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InputException>(() => Model.Load(path));
        Assert.That(e!.Message, Does.StartWith(path).And.Contain("checksum"));
    }

    [Test]
    public void A_truncated_file_is_rejected_as_truncated()
    {
        string path = SaveToTemp(Trained);
        var bytes = File.ReadAllBytes(path);
        foreach (int keep in new[] { bytes.Length - 1, bytes.Length / 2, 10, 3, 0 })
        {
            File.WriteAllBytes(path, bytes[..keep]);
            var e = Assert.Throws<InputException>(() => Model.Load(path));
            Assert.That(e!.Message, Does.Contain("truncated"), $"{keep} bytes");
        }
    }

    [Test]
    public void Bad_magic_and_newer_versions_are_rejected()
    {
        string path = SaveToTemp(Trained);
        var bytes = File.ReadAllBytes(path);
        var wrong = (byte[])bytes.Clone(); wrong[0] = (byte)'X';
        File.WriteAllBytes(path, wrong);
        Assert.That(Assert.Throws<InputException>(() => Model.Load(path))!.Message, Does.Contain("magic"));
        var newer = (byte[])bytes.Clone(); newer[8] = 2;
        File.WriteAllBytes(path, newer);
        Assert.That(Assert.Throws<InputException>(() => Model.Load(path))!.Message, Does.Contain("newer"));
        Assert.That(Assert.Throws<InputException>(() => Model.Load(path + ".missing"))!.Message, Does.Contain("no such file"));
    }

    [Test]
    public void Hidden_states_have_one_row_per_step_and_the_last_top_row_decides_the_class()
    {
        var m = Trained;
        var top = m.HiddenStates(Task.Test);
        var bottom = m.HiddenStates(Task.Test, layer: 0);
        var predicted = m.Predict(Task.Test);
        int h0Class = m.ClassifyVector(new float[m.Hidden]);
        for (int i = 0; i < Task.Test.Count; i++)
        {
            int T = Task.Test[i].Tokens.Length;
            Assert.That((top[i].Length, bottom[i].Length), Is.EqualTo((T * m.Hidden, T * m.Hidden)));
            int expected = T == 0 ? h0Class : m.ClassifyVector(top[i].AsSpan((T - 1) * m.Hidden, m.Hidden));
            Assert.That(predicted[i], Is.EqualTo(expected), $"sequence {i}");
        }
        Assert.That(m.Accuracy(Task.Test), Is.EqualTo(predicted.Where((p, i) => m.Classes[p] == Task.Test[i].Label).Count() / (double)Task.Test.Count));
        Assert.That((m.ClassIndex("1"), m.ClassIndex("7")), Is.EqualTo((1, -1)));
    }

    [Test]
    public void Predictions_do_not_depend_on_the_batch_a_sequence_is_in()
    {
        var m = Trained;
        var all = m.Predict(Task.Test);
        for (int i = 0; i < 10; i++) Assert.That(m.Predict([Task.Test[i]])[0], Is.EqualTo(all[i]));
    }
}

public class CellStateTests
{
    [TestCase("lstm"), TestCase("sru")]
    public void Cell_states_align_with_hidden_states_and_reproduce_h_for_lstm(string kind)
    {
        var task = SyntheticTasks.Generate("000", new TaskOptions(Train: 100, Valid: 20, Test: 20), seed: 6);
        var m = Trainer.Train(task.Train, task.Valid, null, new TrainingOptions { Cell = kind, Hidden = 5, Layers = 2, Epochs = 2 }, null).Model;
        Assert.That(m.HasCellState, Is.True);
        var h = m.HiddenStates(task.Test, layer: 0);
        var c = m.CellStates(task.Test, layer: 0);
        for (int i = 0; i < h.Length; i++) Assert.That(c[i], Has.Length.EqualTo(h[i].Length));
        Assert.That(c.SelectMany(x => x).Any(v => v != 0), Is.True);
        if (kind == "lstm")
            // h_t = o_t ⊙ tanh(c_t) with o_t ∈ (0, 1): |h| < |tanh c| and the signs agree.
            for (int i = 0; i < h.Length; i++)
                for (int k = 0; k < h[i].Length; k++)
                    Assert.That(Math.Abs(h[i][k]) <= Math.Abs(MathF.Tanh(c[i][k])) + 1e-6 && h[i][k] * c[i][k] >= 0, $"{i},{k}");
    }

    [Test]
    public void Cells_without_memory_say_so()
    {
        var task = SyntheticTasks.Generate("0110", new TaskOptions(Train: 20), seed: 1);
        var m = Trainer.Train(task.Train, task.Valid, null, new TrainingOptions { Cell = "mgu", Hidden = 3, Layers = 1, Epochs = 1 }, null).Model;
        Assert.That(m.HasCellState, Is.False);
        Assert.Throws<InvalidOperationException>(() => m.CellStates(task.Valid));
    }
}
