namespace FinkXmatch.Tests.Hostile;

/// <summary>Where a hostile file must be refused: at upload, or (for bad values) when a crossmatch reads its columns.</summary>
internal enum HostileStage
{
    /// <summary><c>POST /catalogs</c> refuses it (the CLI's xmatch too).</summary>
    Upload,

    /// <summary>The upload is accepted (values are only checked once columns are chosen); <c>POST /xmatch</c> refuses it.</summary>
    Xmatch,
}

/// <summary>Which front doors a case is run through.</summary>
[Flags]
internal enum HostileTargets
{
    Http = 1,
    Cli = 2,
    Both = Http | Cli,
}

/// <summary>The columns a crossmatch of the file names (as JSON members and CLI flags); null members are guessed.</summary>
internal sealed record HostileColumns(string? Ra = null, string? Dec = null, string? Id = null, string? Coordinates = null)
{
    public static HostileColumns Guessed { get; } = new();

    public string[] CliArgs() =>
    [
        .. Ra is null ? [] : new[] { "--ra-column", Ra },
        .. Dec is null ? [] : new[] { "--dec-column", Dec },
        .. Id is null ? [] : new[] { "--id-column", Id },
        .. Coordinates is null ? [] : new[] { "--coordinates", Coordinates },
    ];
}

/// <summary>
/// One bad file of the corpus: its name as uploaded, its bytes, where it must be refused, with which status, and
/// words the refusal's message must hold (so that the message names the problem, not just fails). CLI messages are
/// the same unless <see cref="CliMentions"/> says otherwise.
/// </summary>
internal sealed record HostileFile(
    string Name,
    string FileName,
    byte[] Content,
    HostileStage Stage,
    string[] Mentions,
    int Status = 422,
    HostileColumns? Columns = null,
    string[]? CliMentions = null,
    HostileTargets Targets = HostileTargets.Both)
{
    public HostileColumns Selection => Columns ?? HostileColumns.Guessed;

    public override string ToString() => Name;
}
