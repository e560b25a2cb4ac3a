using Lisor.Pure.Experiments;
using Lisor.Pure.Extraction;

namespace Lisor.Pure.Tests.Experiments;

public class SweepReportTests
{
    private static SweepResults Rows(int maxK, double accuracy)
    {
        var results = new SweepResults();
        for (int k = 2; k <= maxK; k++) results.Add(new SweepRow("srn", 1, ExtractionMethods.KMeans, k, accuracy, accuracy, k + 1, k, 1.0, 0.1));
        return results;
    }

    [Test]
    public void The_table_says_how_far_k_went_when_the_hidden_states_stopped_it_before_max_clusters()
    {
        var o = new SweepOptions { Cells = ["srn"], Methods = [ExtractionMethods.KMeans], Trials = 1, MaxClusters = 100, Target = 1.0 };
        string cut = SweepReport.Table(Rows(5, 0.5), o, o.Target);
        Assert.That(cut, Does.Contain("(k = 2…5: no more clusters than hidden states, though --max-clusters is 100; \"never\": no k up to 5 does"));
        Assert.That(cut, Does.Contain("never"));
        string whole = SweepReport.Table(Rows(100, 0.5), o, o.Target);
        Assert.That(whole, Does.Contain("(k = 2…100; \"never\": no k up to 100 does"));
    }
}
