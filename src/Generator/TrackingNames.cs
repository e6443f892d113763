namespace SysregGen.Generator;

/// <summary>Names of the pipeline steps, for GeneratorDriver step tracking in tests.</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string SpecFiles = nameof(SpecFiles);
    public const string Namespace = nameof(Namespace);
    public const string Reporting = nameof(Reporting);
    public const string SpecErrors = nameof(SpecErrors);
    public const string ProjectCheck = nameof(ProjectCheck);
    public const string Parse = nameof(Parse);
    public const string ParseReference = nameof(ParseReference);
    public const string EmitRegister = nameof(EmitRegister);
    public const string FilesListedTwice = nameof(FilesListedTwice);
    public const string CrossSpecInput = nameof(CrossSpecInput);
    public const string CrossSpecInputs = nameof(CrossSpecInputs);
    public const string Definitions = nameof(Definitions);
    public const string EmitLayout = nameof(EmitLayout);
    public const string BuildTables = nameof(BuildTables);
    public const string CrossSpecDiagnostics = nameof(CrossSpecDiagnostics);
    public const string TableProjection = nameof(TableProjection);
    public const string EmitTables = nameof(EmitTables);
    public const string CatalogRows = nameof(CatalogRows);
    public const string Descriptions = nameof(Descriptions);
    public const string EmitCatalog = nameof(EmitCatalog);
    public const string OutputPlan = nameof(OutputPlan);
}
