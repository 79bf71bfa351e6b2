namespace FinkXmatch.Core.Datalake;

/// <summary>
/// Values read with one file's own field, in the shape of the job's field of the same path (the job's schema is the
/// union of its nights' schemas, <see cref="AlertSchemaMerge"/>): struct members in the job's order, a member the file
/// lacks null. Only matched rows of nested fields pass here; flat columns are read straight in the job's shape.
/// </summary>
internal static class GenerationShape
{
    /// <summary>
    /// What turns a value of <paramref name="own"/> into one of <paramref name="job"/>, or null when both have the same
    /// shape (the values serve as they are).
    /// </summary>
    /// <exception cref="DatalakeException">The file gives the field (or a member) another type than the job's schema.</exception>
    public static Func<object?, object?>? Converter(AlertField job, AlertField own, string file)
    {
        if (job.TypeName != own.TypeName)
            throw new DatalakeException($"alert field '{own.Path}' is {own.TypeName} in '{file}' but {job.TypeName} in the other nights of the job " +
                                        "(the file changed since the job started, or its night was added since)");
        if (job.Children.Count == 0) return null;
        var members = new int[job.Children.Count];
        var converters = new Func<object?, object?>?[members.Length];
        var same = job.Children.Count == own.Children.Count;
        for (var i = 0; i < members.Length; i++)
        {
            var child = job.Children[i];
            members[i] = IndexOf(own, child.Name);
            if (members[i] >= 0) converters[i] = Converter(child, own.Children[members[i]], file);
            same &= members[i] == i && converters[i] is null;
        }
        if (same) return null;
        object? Record(object? value)
        {
            if (value is not AlertRecord record) return value;
            var values = new object?[members.Length];
            for (var i = 0; i < values.Length; i++)
                if (members[i] >= 0) values[i] = converters[i] is { } convert ? convert(record.Values[members[i]]) : record.Values[members[i]];
            return new AlertRecord(job, values);
        }
        return job.Kind == AlertFieldKind.List
            ? value => value is IReadOnlyList<object?> items ? items.Select(Record).ToList() : value
            : Record;
    }

    private static int IndexOf(AlertField parent, string name)
    {
        for (var i = 0; i < parent.Children.Count; i++)
            if (parent.Children[i].Name == name) return i;
        return -1;
    }
}
