using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FinkXmatch.Tests;

namespace FinkXmatch.Service.Tests;

[Collection(ServiceCollection.Name)]
public sealed class CatalogApiTests(ServiceFixture service)
{
    private HttpClient Client => service.Client;

    private string CatalogsDirectory => Path.Combine(service.DataDirectory, "catalogs");

    [Fact]
    public async Task Uploading_3hsp_answers_201_with_its_shape_preview_and_guess()
    {
        var source = TestData.Path("catalogs/3hsp.csv");
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(await File.ReadAllBytesAsync(source), "3hsp.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var info = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var catalogId = info["catalogId"]!.GetValue<string>();
        Assert.Equal($"/api/v1/catalogs/{catalogId}", response.Headers.Location?.OriginalString);
        Assert.Equal("3hsp.csv", info["fileName"]!.GetValue<string>());
        Assert.Equal("csv", info["format"]!.GetValue<string>());
        Assert.Equal(2013, info["rows"]!.GetValue<long>());
        var columns = info["columns"]!.AsArray();
        Assert.Equal(12, columns.Count);
        Assert.Equal("R.A.", columns[3]!["name"]!.GetValue<string>());
        Assert.Equal("string", columns[3]!["type"]!.GetValue<string>());
        // Columns of numbers are numbers (issue 24): id holds 1..2013, FOM decimals; "Log(peak flux)" has "-12.9?".
        Assert.Equal(("id", "int64"), (columns[0]!["name"]!.GetValue<string>(), columns[0]!["type"]!.GetValue<string>()));
        Assert.Equal(("FOM", "double"), (columns[8]!["name"]!.GetValue<string>(), columns[8]!["type"]!.GetValue<string>()));
        Assert.Equal(("Log(peak flux)", "string"), (columns[7]!["name"]!.GetValue<string>(), columns[7]!["type"]!.GetValue<string>()));

        var guess = info["guess"]!;
        Assert.Equal("R.A.", guess["raColumn"]!.GetValue<string>());
        Assert.Equal("Dec", guess["decColumn"]!.GetValue<string>());
        Assert.Equal("id", guess["idColumn"]!.GetValue<string>());
        Assert.Equal("sexagesimal", guess["coordinates"]!.GetValue<string>());

        var preview = info["preview"]!.AsArray();
        Assert.Equal(10, preview.Count);
        Assert.Equal("1", preview[0]!["id"]!.GetValue<string>());
        Assert.Equal("00 01 16.37", preview[0]!["R.A."]!.GetValue<string>());
        Assert.Equal("+29 35 34.0", preview[0]!["Dec"]!.GetValue<string>());
        Assert.Equal("10", preview[9]!["id"]!.GetValue<string>());
        Assert.True(info.AsObject().ContainsKey("footprint"));

        // The rows are stored once, as Parquet under its id, and read back cell by cell as the upload reads; the
        // upload itself is not kept.
        var stored = Path.Combine(CatalogsDirectory, catalogId + ".parquet");
        Assert.False(File.Exists(Path.Combine(CatalogsDirectory, catalogId + ".csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(service.DataDirectory, "uploads"), catalogId + "*"));
        using (var original = FinkXmatch.Core.Catalogs.CatalogReaders.Open(source))
        using (var copy = FinkXmatch.Core.Catalogs.CatalogReaders.Open(stored))
        {
            Assert.Equal(original.Columns.Select(c => c.Name), copy.Columns.Select(c => c.Name));
            var rows = 0;
            while (original.Read())
            {
                Assert.True(copy.Read());
                rows++;
                for (var c = 0; c < original.Columns.Count; c++) Assert.Equal(original.GetText(c), copy.GetText(c));
            }
            Assert.False(copy.Read());
            Assert.Equal(2013, rows);
        }

        // GET answers the same document.
        using var get = await Client.GetAsync($"/api/v1/catalogs/{catalogId}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(JsonNode.DeepEquals(info, JsonNode.Parse(await get.Content.ReadAsStringAsync())));
    }

    [Theory]
    [InlineData(";", false, "3hsp-semicolons.csv", "semicolon")]
    [InlineData("|", false, "3hsp-pipes.csv", "pipe")]
    [InlineData("\t", false, "3hsp.tsv", "tab")]
    [InlineData(" ", true, "3hsp-ascii.txt", "whitespace")]
    [InlineData("  ", false, "3hsp-bare-sexagesimal.txt", "whitespace")]
    public async Task The_3hsp_catalog_with_another_separator_uploads_as_the_comma_original_and_says_which(string separator, bool quoteSexagesimal,
        string fileName, string taken)
    {
        var comma = await UploadInfoAsync(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")), "3hsp.csv");
        Assert.Equal("comma", comma["separator"]!.GetValue<string>());
        var text = RewrittenThreeHsp.Write(separator, align: separator.Trim().Length == 0,
            bare: quoteSexagesimal ? null : RewrittenThreeHsp.SexagesimalColumns);
        var info = await UploadInfoAsync(Encoding.UTF8.GetBytes(text), fileName);
        Assert.Equal(taken, info["separator"]!.GetValue<string>());

        // Everything else the catalog info says is what the comma original's says: rows, columns, preview, guess, footprint.
        foreach (var member in new[] { "rows", "columns", "preview", "guess", "footprint" })
            Assert.True(JsonNode.DeepEquals(comma[member], info[member]), $"{member}: {comma[member]} vs {info[member]}");
        Assert.Equal(separator == "\t" ? "tsv" : "csv", info["format"]!.GetValue<string>());

        // And the stored copy holds the original's rows, value by value.
        using var copy = FinkXmatch.Core.Catalogs.CatalogReaders.Open(Path.Combine(CatalogsDirectory, info["catalogId"]!.GetValue<string>() + ".parquet"));
        var rows = RewrittenThreeHsp.ReadAll(copy);
        Assert.Equal(RewrittenThreeHsp.Rows.Count, rows.Count);
        for (var r = 0; r < rows.Count; r++) Assert.Equal(RewrittenThreeHsp.Rows[r], rows[r]);
    }

    [Fact]
    public async Task Rows_with_invalid_guessed_coordinates_are_counted_at_upload_with_the_first_one()
    {
        var clean = await UploadInfoAsync(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")), "3hsp.csv");
        Assert.Equal(0, clean["invalidCoordinates"]!["rows"]!.GetValue<long>());
        Assert.Null(clean["invalidCoordinates"]!["firstRow"]);

        // 3HSP with row 7's Dec out of range and row 1200's RA unparseable: accepted, the rows counted.
        var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(TestData.Path("catalogs/3hsp.csv")));
        text = ReplaceOnce(text, "\"-52 47 26.98\"", "\"-97 47 26.98\"");
        var lines = text.Split('\n');
        var row1200 = Array.FindIndex(lines, l => l.StartsWith("1200 ,", StringComparison.Ordinal));
        var cells = lines[row1200].Split(" , ");
        cells[3] = "\"not an angle\"";
        lines[row1200] = string.Join(" , ", cells);
        var info = await UploadInfoAsync(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "3hsp-damaged.csv");

        var invalid = info["invalidCoordinates"]!;
        Assert.Equal(2, invalid["rows"]!.GetValue<long>());
        Assert.Equal(7, invalid["firstRow"]!.GetValue<long>());
        Assert.Equal("Dec", invalid["column"]!.GetValue<string>());
        Assert.Equal("-97 47 26.98", invalid["value"]!.GetValue<string>());
        Assert.Matches(@"^declination -97\.7908\d+ degrees is outside \[-90, 90\]$", invalid["reason"]!.GetValue<string>());
        // The footprint is of the rows that can be used.
        Assert.InRange(info["footprint"]!["insideZtfFraction"]!.GetValue<double>(), 0.5, 0.9);
    }

    private static string ReplaceOnce(string text, string find, string replacement)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the file");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    [Fact]
    public async Task A_table_two_separators_fit_equally_is_refused_naming_the_separators_tried()
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm("name;ra|dec\nA;10|20\nB;11|21\n"u8.ToArray(), "ambiguous.csv"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("ambiguous.csv: cannot tell the separator: the header and the first 2 rows split on ';' (semicolon) into 2 columns "
            + "as well as on '|' (pipe) into 2 columns (tried ',' (comma), tab, ';' (semicolon), '|' (pipe), whitespace)", detail, StringComparison.Ordinal);
    }

    private async Task<JsonNode> UploadInfoAsync(byte[] bytes, string fileName)
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(bytes, fileName));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_client_path_in_the_file_name_is_reduced_to_its_last_segment()
    {
        var csv = "name,ra,dec\nA,10.5,-3.25\nB,11.0,4.0\n"u8.ToArray();
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(csv, "C:\\Users\\me\\outside.csv"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var info = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("outside.csv", info["fileName"]!.GetValue<string>());
        Assert.Equal(2, info["rows"]!.GetValue<long>());
        Assert.False(File.Exists(Path.Combine(service.Root, "outside.csv")));
        Assert.False(File.Exists(Path.Combine(service.DataDirectory, "outside.csv")));
        Assert.All(Directory.GetFiles(CatalogsDirectory), f => Assert.Matches("^cat-[0-9a-f]{20}\\.parquet$", Path.GetFileName(f)));
    }

    [Theory]
    [InlineData("../../outside.csv", "'..' path segment")]
    [InlineData("outside\u0001\u007f.csv", "control character U+0001")]
    public async Task A_file_name_with_a_traversal_or_control_characters_is_400(string fileName, string problem)
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm("name,ra,dec\nA,10.5,-3.25\n"u8.ToArray(), fileName));
        Assert.Contains(problem, await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(service.Root, "outside.csv")));
        Assert.Empty(Directory.GetFiles(Path.Combine(service.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task An_empty_file_is_422_naming_the_file()
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm([], "empty.csv"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("empty.csv: the file is empty", detail);
    }

    [Fact]
    public async Task A_catalog_without_rows_is_422()
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm("ra,dec\n"u8.ToArray(), "header-only.csv"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("header-only.csv: the catalog has no data rows", detail);
    }

    [Fact]
    public async Task Garbage_named_fits_is_422_saying_it_is_not_fits()
    {
        var garbage = new byte[4000];
        new Random(7).NextBytes(garbage);
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(garbage, "garbage.fits"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("garbage.fits: ", detail, StringComparison.Ordinal);
        Assert.Contains("not FITS", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_row_is_422_naming_row_and_column()
    {
        var csv = "name,ra,dec\nA,10.5,-3.25\nB,\"unterminated\n"u8.ToArray();
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(csv, "broken.csv"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("broken.csv, row 2", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsupported_extension_is_422_listing_the_supported_ones()
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm("x"u8.ToArray(), "catalog.xlsx"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'.xlsx'", detail, StringComparison.Ordinal);
        Assert.Contains(".parquet", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_the_file_field_is_400()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "catalog", "c.csv" } };
        using var response = await Client.PostAsync("/api/v1/catalogs", form);
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no file field 'file'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_400()
    {
        using var response = await Client.PostAsync("/api/v1/catalogs", new StringContent("{}", Encoding.UTF8, "application/json"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("expected multipart/form-data", detail, StringComparison.Ordinal);
        Assert.Contains("application/json", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_over_the_byte_limit_is_413_stating_the_limit()
    {
        // A valid CSV, just too large: the refusal is about size, not content.
        var csv = new StringBuilder("name,ra,dec\n");
        for (var i = 0; csv.Length <= ServiceFixture.MaxUploadBytes; i++) csv.Append("source-").Append(i).Append(",10.5,-3.25\n");
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(Encoding.ASCII.GetBytes(csv.ToString()), "big.csv"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("big.csv is larger than 1 MiB, the largest upload accepted (FinkXmatch:MaxUploadBytes)", detail);
        Assert.Empty(Directory.GetFiles(Path.Combine(service.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task A_catalog_over_the_row_limit_is_413_stating_the_limit()
    {
        var csv = new StringBuilder("ra,dec\n");
        for (var i = 0; i <= ServiceFixture.MaxCatalogRows; i++) csv.Append("1,2\n");
        using var response = await Client.PostAsync("/api/v1/catalogs", FileForm(Encoding.ASCII.GetBytes(csv.ToString()), "many.csv"));
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("(FinkXmatch:MaxCatalogRows)", detail, StringComparison.Ordinal);
        Assert.Contains("more than 5,000 rows", detail, StringComparison.Ordinal);
        Assert.StartsWith("many.csv, row 5001", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cat-0123456789abcdef0123")]
    [InlineData("not-an-id")]
    public async Task An_unknown_catalog_is_404_problem(string catalogId)
    {
        using var response = await Client.GetAsync($"/api/v1/catalogs/{catalogId}");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains($"no catalog '{catalogId}'", detail, StringComparison.Ordinal);
    }

    private static MultipartFormDataContent FileForm(byte[] bytes, string fileName)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // Set by hand: MultipartFormDataContent would encode or escape an unusual name.
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{fileName}\"");
        return new MultipartFormDataContent { file };
    }
}
