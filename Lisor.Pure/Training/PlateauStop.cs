namespace Lisor.Pure.Training;

/// <summary>
/// Our addition to early stopping (docs/method.md §3, not in the paper): ends a run that has nothing left to learn
/// on the validation set. Patience alone never fires once every validation sequence is right, because the
/// validation loss keeps creeping down and each tiny improvement counts as a better epoch.
/// <para>
/// The rule, applied after every epoch e with validation accuracy a_e and validation loss L_e:
/// an epoch with a_e &lt; 1 clears the reference (L_ref = +∞, counter n = 0); an epoch with a_e = 1 and
/// L_e &lt; (1 − δ)·L_ref is a real improvement (L_ref = L_e, n = 0; the first epoch at accuracy 1 always is);
/// any other epoch at accuracy 1 adds one to n. Training stops when n reaches the patience P. So the run ends
/// after P epochs in a row at validation accuracy 1 whose loss stayed within a relative δ of the last real
/// improvement. P = 0 turns the rule off.
/// </para>
/// It only decides when to stop; which weights are kept is still <see cref="Trainer.IsBetter"/>'s choice.
/// Its inputs are the epoch's exact correct count and the validation loss, both independent of the thread count.
/// </summary>
internal sealed class PlateauStop(int patience, double delta)
{
    private double _reference = double.PositiveInfinity;   // L_ref
    private int _flat;                                      // n

    /// <summary>True once the rule says stop (never with patience 0).</summary>
    public bool Reached => patience > 0 && _flat >= patience;

    /// <summary>Takes one epoch's validation result: <paramref name="perfect"/> when every validation sequence is right.</summary>
    public void Observe(bool perfect, double loss)
    {
        if (!perfect) { _reference = double.PositiveInfinity; _flat = 0; }
        else if (loss < (1 - delta) * _reference) { _reference = loss; _flat = 0; }
        else _flat++;
    }
}
