using System.IO.Compression;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Packaging;

/// <summary>
/// The packages work for an outside project: pack them once, restore each consumer from a local
/// folder feed into a clean package folder (no project references, nothing from this build leaking
/// in), and build it. The sample builds, runs and prints what it should; a consumer project shows
/// what a user of the packages sees when something is wrong, once.
/// </summary>
public sealed partial class PackageConsumerTests(PackageConsumerTests.Packages packages) : IClassFixture<PackageConsumerTests.Packages>
{
    [ChildBuildFact]
    public void TheSampleBuildsAndRunsFromThePackages()
    {
        AssertPackageLayout(packages.Feed);

        // The sample as an outside project: its folder with its isolating build props, its own
        // nuget.config pointing at the feed only, and an empty package folder.
        string samples = Path.Combine(packages.Work, "samples");
        ChildBuild.CopyTree(Path.Combine(Repository.Root, "samples"), samples);
        string sample = Path.Combine(samples, "SecureTimerEmulator");
        packages.WriteNuGetConfig(sample);

        string output = ChildBuild.Run(sample, "run -c Release", packages: packages.Cache);

        Assert.Contains("MSR CNTP_TVAL_EL0, X1              ESR 0x6230f824 -> Handled", output, StringComparison.Ordinal);
        Assert.Contains("CNTP_CVAL_EL0 = 0x1100", output, StringComparison.Ordinal);
        Assert.Contains("vcpu0 PPI 30 raised", output, StringComparison.Ordinal);
        Assert.Contains("CNTP_CTL_EL0 = CNTP_CTL_EL0 0x0000000000000005 { ISTATUS = 1, IMASK = 0, ENABLE = 1 }", output, StringComparison.Ordinal);
        Assert.Contains("MSR CNTPS_CTL_EL1, X2              ESR 0x6233f844 -> Handled", output, StringComparison.Ordinal);
        Assert.Contains("CNTPS_CTL_EL1 = CNTPS_CTL_EL1 0x0000000000000003 { ISTATUS = 0, IMASK = 1, ENABLE = 1 }", output, StringComparison.Ordinal);
        Assert.Contains("MSR CNTPCT_EL0, X1 (read-only)     ESR 0x6232f820 -> Undefined", output, StringComparison.Ordinal);
        Assert.Contains("MRS X0, S3_7_C15_C0_0 (unknown)    ESR 0x6231fc01 -> Unhandled (no register handles it: inject UNDEF)", output, StringComparison.Ordinal);

        // The build put the package's schema where the sample's spec points its "$schema".
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "specs", "schema", "sysreg.schema.json")), File.ReadAllText(Path.Combine(sample, "obj", "sysreg.schema.json")));
        Assert.Contains("\"$schema\": \"../obj/sysreg.schema.json\"", File.ReadAllText(Path.Combine(sample, "specs", "CNTPS_CTL_EL1.json")), StringComparison.Ordinal);

        // Everything came from the feed into the clean folder.
        Assert.True(Directory.Exists(Path.Combine(packages.Cache, "sysreggen.runtime")));
        Assert.True(Directory.Exists(Path.Combine(packages.Cache, "sysreggen.generator")));
        Assert.True(Directory.Exists(Path.Combine(packages.Cache, "sysreggen.abstractions")));
    }

    [ChildBuildFact]
    public void AMultiTargetedConsumerSeesEachProblemOnce()
    {
        // A consumer of the runtime and the generator, on net8.0 and net10.0 like the runtime,
        // whose register traps on the runtime's CNTHCTL_EL2, which the runtime package's build props
        // list as a reference spec.
        string project = Path.Combine(packages.Work, "Probe");
        Directory.CreateDirectory(Path.Combine(project, "specs"));
        packages.WriteNuGetConfig(project);
        void WriteProject(string properties) => File.WriteAllText(Path.Combine(project, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SysregGen.Runtime" Version="{packages.Version}" />
                <PackageReference Include="SysregGen.Generator" Version="{packages.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        WriteProject("<SysregGenNamespace>Probe.Registers</SysregGenNamespace>");
        File.WriteAllText(Path.Combine(project, "specs", "PROBE_CTL_EL1.json"), """
            { "name": "PROBE_CTL_EL1", "description": "Traps like CNTP_CTL_EL0.", "width": 64, "minEl": 1, "access": "RW",
              "encoding": { "op0": 3, "op1": 7, "crn": 15, "crm": 2, "op2": 1 },
              "layouts": [ { "fields": [ { "name": "ENABLE", "bits": "0", "access": "RW" } ], "res0": ["63:1"] } ],
              "traps": [ { "el": 1, "when": { "e2h": 0 }, "trapIf": { "CNTHCTL_EL2.EL1PCEN": 0 }, "to": 2 } ] }
            """);

        // The trap rule resolves through the reference specs: a clean build.
        string clean = ChildBuild.Run(project, "build", packages: packages.Cache);
        Assert.Contains("0 Warning(s)", clean, StringComparison.Ordinal);

        // A broken spec: its error once (from net8.0), and from net10.0 one SRG0033 that points there.
        File.WriteAllText(Path.Combine(project, "specs", "BROKEN_EL1.json"), """
            { "name": "BROKEN_EL1", "description": "Its width is a string.", "width": "64", "minEl": 1, "access": "RW",
              "encoding": { "op0": 3, "op1": 7, "crn": 15, "crm": 3, "op2": 1 },
              "layouts": [ { "fields": [ { "name": "V", "bits": "63:0", "access": "RW" } ] } ] }
            """);
        string[] errors = BuildErrors(project);
        Assert.Single(errors, e => e.Contains("error SRG0004: 'width' (at $.width)", StringComparison.Ordinal) && e.EndsWith("TargetFramework=net8.0]", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Contains("error SRG0033: 1 SysregGen error(s)", StringComparison.Ordinal) && e.EndsWith("TargetFramework=net10.0]", StringComparison.Ordinal));
        Assert.Equal(2, errors.Length);
        File.Delete(Path.Combine(project, "specs", "BROKEN_EL1.json"));

        // No SysregGenNamespace beside the runtime's model: one error that says what to set, no CS0436.
        WriteProject("");
        errors = BuildErrors(project);
        Assert.Single(errors, e => e.Contains("error SRG0034: Namespace 'SysregGen.Registers' already holds a SysregGen model, from the referenced assembly 'SysregGen.Runtime'", StringComparison.Ordinal) &&
                                   e.Contains("<SysregGenNamespace>Probe.Registers</SysregGenNamespace>", StringComparison.Ordinal));
        Assert.Single(errors, e => e.Contains("error SRG0033: 1 SysregGen error(s)", StringComparison.Ordinal));
        Assert.Equal(2, errors.Length);
    }

    /// <summary>Builds a project that must fail, and returns its distinct error lines (MSBuild repeats each in its summary).</summary>
    private string[] BuildErrors(string project)
    {
        (int exitCode, string output) = ChildBuild.TryRun(project, "build", packages.Cache);
        Assert.True(exitCode != 0, "the build succeeded:\n" + output);
        Assert.DoesNotContain("warning CS0436", output, StringComparison.Ordinal);
        return output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
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
        Assert.Contains("build/SysregGen.Runtime.props", runtime);
        Assert.Contains("buildTransitive/SysregGen.Runtime.props", runtime);
        Assert.Contains("build/specs/timer/CNTHCTL_EL2.json", runtime); // a consumer's trap rules may name it
        Assert.Equal(Path.GetFileName(runtimePackage).Replace("Runtime", "Generator", StringComparison.Ordinal),
            Path.GetFileName(Directory.GetFiles(feed, "SysregGen.Generator.*.nupkg").Single()));
    }

    private static string[] Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToArray();
    }

    /// <summary>The packages, packed once for the class into a folder feed, and a clean package cache to restore them into.</summary>
    public sealed class Packages : IDisposable
    {
        private readonly Lazy<string> _feed;

        public Packages()
        {
            Work = Directory.CreateTempSubdirectory("sysreggen-consumer").FullName;
            _feed = new Lazy<string>(Pack);
        }

        public string Work { get; }

        /// <summary>The feed, packed on first use (a class whose tests are all skipped packs nothing).</summary>
        public string Feed => _feed.Value;

        public string Cache => Path.Combine(Work, "packages");

        public string Version => Path.GetFileNameWithoutExtension(Directory.GetFiles(Feed, "SysregGen.Runtime.*.nupkg").Single())["SysregGen.Runtime.".Length..];

        /// <summary>
        /// A nuget.config in <paramref name="project"/> that restores SysregGen's packages from the
        /// feed only, and anything else (the net8.0 targeting pack a multi-targeted consumer needs,
        /// which this repository's own restore has fetched) from the user's package folder.
        /// </summary>
        public void WriteNuGetConfig(string project) => File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{Feed}" />
                <add key="restored" value="{UserPackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="feed"><package pattern="SysregGen.*" /></packageSource>
                <packageSource key="restored"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        private static string UserPackages =>
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
                ? folder
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        public void Dispose() => Directory.Delete(Work, recursive: true);

        private string Pack()
        {
            string configuration = typeof(Packages).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
            string feed = Path.Combine(Work, "feed");
            foreach (string project in new[] { "Abstractions", "Generator", "Runtime" })
            {
                ChildBuild.Run(Repository.Root, $"pack src/{project} -c {configuration} -o \"{feed}\"");
            }

            return feed;
        }
    }
}
