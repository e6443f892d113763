using SysregGen.Cli.Import;
using SysregGen.Tests.Infrastructure;

namespace SysregGen.Tests.Packaging;

/// <summary>
/// Issue 14's consumer: a project of its own feeds the importer's output for the large Linux-format
/// fixture (433 registers, 12 shared layouts) to the packaged generator. It builds with no warning,
/// every register has its typed struct (a few named in code), and at run time every encoding and
/// every trap syndrome of every accessor round-trips through the generated lookups.
/// </summary>
public sealed partial class PackageConsumerTests
{
    [ChildBuildFact]
    public void AnImportedRegisterSetBuildsWarningFreeAndItsLookupsRoundTrip()
    {
        string project = Path.Combine(packages.Work, "Imported");
        string fixture = Path.Combine(Repository.Root, "tests", "SysregGen.Tests", "Import", "Fixtures", "large.sysreg");
        ImportResult imported = LinuxSysregImporter.Import(File.ReadAllText(fixture), "large.sysreg");
        Assert.True(imported.Registers >= 300, $"{imported.Registers} registers");
        foreach ((string path, string json) in imported.Files)
        {
            string file = Path.Combine(project, "specs", path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, json);
        }

        packages.WriteNuGetConfig(project);
        File.WriteAllText(Path.Combine(project, "Imported.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <SysregGenNamespace>Imported.Registers</SysregGenNamespace>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SysregGen.Abstractions" Version="{packages.Version}" />
                <PackageReference Include="SysregGen.Generator" Version="{packages.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using System;
            using Imported.Registers;
            using SysregGen;

            // A few of the typed structs, by name: EL-suffix variants keep distinct types.
            SctlrEl1 sctlr = SctlrEl1.Reset;
            SctlrEl2 sctlr2 = SctlrEl2.Reset;
            Console.WriteLine($"types: {sctlr.GetType().Name} {sctlr2.GetType().Name}");

            int accessors = 0;
            foreach (SysregAccessorInfo info in SysregTable.Accessors)
            {
                if (!SysregEncodings.TryFind(info.Encoding, out SysregAccessor found) || found != info.Accessor)
                {
                    Console.WriteLine($"lookup failed: {info.Name}");
                    return 1;
                }

                foreach (bool isRead in new[] { true, false })
                {
                    bool mrrcOnly = info.Kind == AccessorKind.AArch32Wide && info.Encoding.Coproc == 14;
                    if (!isRead && mrrcOnly)
                    {
                        continue;
                    }

                    ulong esr = Esr.ForAccess(info.Encoding, isRead, rt: 3, rt2: info.Kind == AccessorKind.AArch32Wide ? 4 : 0);
                    if (!SysregEncodings.TryFromEsr(esr, out found) || found != info.Accessor || SysregTable.Row(found).Accessor != (int)info.Accessor)
                    {
                        Console.WriteLine($"syndrome failed: {info.Name}");
                        return 1;
                    }
                }

                accessors++;
            }

            int registers = Enum.GetValues<Sysreg>().Length;
            foreach (Sysreg r in Enum.GetValues<Sysreg>())
            {
                if (SysregCatalog.Get(r).Name.Length == 0)
                {
                    return 1;
                }
            }

            Console.WriteLine($"registers: {registers}; accessors: {accessors}; every lookup round-trips");
            return 0;
            """);

        string build = ChildBuild.Run(project, "build -c Release", packages: packages.Cache);
        Assert.Contains("0 Warning(s)", build, StringComparison.Ordinal);
        Assert.Contains("0 Error(s)", build, StringComparison.Ordinal);

        string run = ChildBuild.Run(project, "run -c Release --no-build", packages: packages.Cache);
        Assert.Contains("types: SctlrEl1 SctlrEl2", run, StringComparison.Ordinal);
        Assert.Contains($"registers: {imported.Registers}; accessors: ", run, StringComparison.Ordinal);
        Assert.Contains("every lookup round-trips", run, StringComparison.Ordinal);
    }
}
