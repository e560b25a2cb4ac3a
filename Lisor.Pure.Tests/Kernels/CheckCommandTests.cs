using Lisor.Pure.Cli;
using Lisor.Pure.Kernels;

namespace Lisor.Pure.Tests.Kernels;

/// <summary>The `check` command end to end, and the kernel self-check it runs.</summary>
public class CheckCommandTests
{
    [Test]
    public void Check_runs_the_kernel_checks_prints_a_table_and_a_json_summary()
    {
        var r = CliRunner.Run("check", "--area", "kernels", "--json");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Out + r.Err);
        Assert.That(r.Out, Does.Contain("max error").And.Contain("tolerance").And.Contain("gemm NT/Scalar").And.Contain("tanh/Scalar"));
        foreach (var path in KernelPaths.Supported)
            Assert.That(r.Out, Does.Contain($"gemm NN/{path}"));
        var json = r.Json();
        Assert.That(json.GetProperty("failed").GetInt32(), Is.EqualTo(0));
        // one row per kernel, path and size this machine runs (27 where no SIMD path runs, more where one does)
        Assert.That(json.GetProperty("checks").GetInt32(), Is.EqualTo(new KernelSelfCheck().Run().Count()).And.GreaterThan(20));
        Assert.That(json.GetProperty("seconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void Check_finds_the_kernel_self_check_by_reflection()
    {
        Assert.That(CheckCommand.Discover().Select(c => c.GetType()), Does.Contain(typeof(KernelSelfCheck)));
    }

    // --help shows "(default: all)": saying so explicitly is the default, and area names take any case as other choices do.
    [Test]
    public void Check_area_all_is_the_default_and_areas_take_any_case()
    {
        var all = CliRunner.Run("check", "--area", "all", "--json");
        Assert.That(all.ExitCode, Is.EqualTo(0), all.Err);
        Assert.That(all.Json().GetProperty("checks").GetInt32(), Is.EqualTo(CliRunner.Run("check", "--json").Json().GetProperty("checks").GetInt32()));
        var kernels = CliRunner.Run("check", "--area", "KERNELS", "--json");
        Assert.That(kernels.ExitCode, Is.EqualTo(0), kernels.Err);
        Assert.That(kernels.Json().GetProperty("checks").GetInt32(), Is.EqualTo(new KernelSelfCheck().Run().Count()));
    }

    [Test]
    public void Check_with_an_unknown_area_is_a_usage_error()
    {
        var r = CliRunner.Run("check", "--area", "nonsense");
        Assert.That(r.ExitCode, Is.EqualTo(2));
        Assert.That(r.Err, Does.Contain("nonsense"));
    }

    [Test]
    public void Every_kernel_self_check_row_passes_on_this_machine()
    {
        var failed = new KernelSelfCheck().Run().Where(r => !r.Pass).Select(r => $"{r.Path} {r.Size}: {r.MaxError} > {r.Tolerance}").ToList();
        Assert.That(failed, Is.Empty);
    }
}
