using BenchmarkDotNet.Running;

// Benchmarks: dotnet run -c Release --project Lisor.Pure.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
