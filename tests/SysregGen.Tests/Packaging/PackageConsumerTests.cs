using System.IO.Compression;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Packaging;

/// <summary>
/// The packages work for an outside project: pack both, restore the sample from a local folder feed
/// into a clean package folder (no project references, nothing from this build leaking in), build
/// it (its own spec becomes its own generated model), run it, and check what it prints.
/// </summary>
public sealed class PackageConsumerTests
{
    private static string Configuration =>
        typeof(PackageConsumerTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    [ChildBuildFact]
    public void TheSampleBuildsAndRunsFromThePackages()
    {
        string repo = Repository.Root;
        string configuration = Configuration;
        string work = Directory.CreateTempSubdirectory("sysreggen-consumer").FullName;
        try
        {
            string feed = Path.Combine(work, "feed");
            ChildBuild.Run(repo, $"pack src/Abstractions -c {configuration} -o \"{feed}\"");
            ChildBuild.Run(repo, $"pack src/Generator -c {configuration} -o \"{feed}\"");
            ChildBuild.Run(repo, $"pack src/Runtime -c {configuration} -o \"{feed}\"");
            AssertPackageLayout(feed);

            // The sample as an outside project: its folder with its isolating build props, its own
            // nuget.config pointing at the feed only, and an empty package folder.
            string samples = Path.Combine(work, "samples");
            ChildBuild.CopyTree(Path.Combine(repo, "samples"), samples);
            string sample = Path.Combine(samples, "SecureTimerEmulator");
            File.WriteAllText(Path.Combine(sample, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="feed" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            string output = ChildBuild.Run(sample, "run -c Release", packages: Path.Combine(work, "packages"));

            Assert.Contains("MSR CNTP_TVAL_EL0, X1              ESR 0x6230f824 -> Handled", output, StringComparison.Ordinal);
            Assert.Contains("CNTP_CVAL_EL0 = 0x1100", output, StringComparison.Ordinal);
            Assert.Contains("vcpu0 PPI 30 raised", output, StringComparison.Ordinal);
            Assert.Contains("CNTP_CTL_EL0 = CNTP_CTL_EL0 0x0000000000000005 { ISTATUS = 1, IMASK = 0, ENABLE = 1 }", output, StringComparison.Ordinal);
            Assert.Contains("MSR CNTPS_CTL_EL1, X2              ESR 0x6233f844 -> Handled", output, StringComparison.Ordinal);
            Assert.Contains("CNTPS_CTL_EL1 = CNTPS_CTL_EL1 0x0000000000000003 { ISTATUS = 0, IMASK = 1, ENABLE = 1 }", output, StringComparison.Ordinal);
            Assert.Contains("MSR CNTPCT_EL0, X1 (read-only)     ESR 0x6232f820 -> Undefined", output, StringComparison.Ordinal);
            Assert.Contains("MRS X0, S3_7_C15_C0_0 (unknown)    ESR 0x6231fc01 -> Unhandled (no register handles it: inject UNDEF)", output, StringComparison.Ordinal);

            // The build put the package's schema where the sample's spec points its "$schema".
            Assert.Equal(File.ReadAllText(Path.Combine(repo, "specs", "schema", "sysreg.schema.json")), File.ReadAllText(Path.Combine(sample, "obj", "sysreg.schema.json")));
            Assert.Contains("\"$schema\": \"../obj/sysreg.schema.json\"", File.ReadAllText(Path.Combine(sample, "specs", "CNTPS_CTL_EL1.json")), StringComparison.Ordinal);

            // Everything came from the feed into the clean folder.
            Assert.True(Directory.Exists(Path.Combine(work, "packages", "sysreggen.runtime")));
            Assert.True(Directory.Exists(Path.Combine(work, "packages", "sysreggen.generator")));
            Assert.True(Directory.Exists(Path.Combine(work, "packages", "sysreggen.abstractions")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertPackageLayout(string feed)
    {
        string[] generator = Entries(Directory.GetFiles(feed, "SysregGen.Generator.*.nupkg").Single());
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/SysregGen.Generator.dll", generator);
        Assert.Contains("analyzers/dotnet/roslyn4.14/cs/SysregGen.Specs.dll", generator);
        Assert.DoesNotContain(generator, e => e.Contains("System.Text.Json", StringComparison.Ordinal)); // the spec reader needs no JSON library
        Assert.Contains("build/SysregGen.Generator.props", generator);
        Assert.Contains("build/SysregGen.Generator.targets", generator);
        Assert.Contains("build/schema/sysreg.schema.json", generator);
        Assert.DoesNotContain(generator, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(generator, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));

        string runtimePackage = Directory.GetFiles(feed, "SysregGen.Runtime.*.nupkg").Single();
        string[] runtime = Entries(runtimePackage);
        foreach (string tfm in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{tfm}/SysregGen.Runtime.dll", runtime);
            Assert.Contains($"lib/{tfm}/SysregGen.Runtime.xml", runtime);
        }

        Assert.Contains("README.md", runtime);
        Assert.Equal(Path.GetFileName(runtimePackage).Replace("Runtime", "Generator", StringComparison.Ordinal),
            Path.GetFileName(Directory.GetFiles(feed, "SysregGen.Generator.*.nupkg").Single()));
    }

    private static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }
}
