namespace Lisor.Pure.Cells;

/// <summary>
/// A cell with a memory c_t beside its hidden state h_t (LSTM, SRU), so callers can cluster [h_t, c_t]
/// instead of h_t alone (docs/method.md §2).
/// </summary>
internal interface ICellStateSource
{
    /// <summary>
    /// Copies c_t of step <paramref name="step"/> for the first <paramref name="rows"/> rows of the batch
    /// last run by Forward with <paramref name="workspace"/> (of <paramref name="batch"/> rows) into
    /// <paramref name="c"/> [rows, H]. Only active rows (rows ≤ active[step]) hold meaningful values.
    /// </summary>
    void CopyCellState(CellWorkspace workspace, int batch, int step, int rows, Span<float> c);
}
