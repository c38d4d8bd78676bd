using System.Text.Json;
using LlmObserve.Data.Entities;
using LlmObserve.Integrations.Formats;

namespace LlmObserve.Integrations.Tests.Formats;

public sealed class FindingFormattersTests
{
    [Theory]
    [InlineData(ExportFormats.Ocsf, typeof(OcsfFormatter), "application/json")]
    [InlineData(ExportFormats.Falco, typeof(FalcoFormatter), "application/json")]
    [InlineData(ExportFormats.Cef, typeof(CefFormatter), "text/plain")]
    public void For_KnownName_ReturnsThatFormat(string name, Type type, string contentType)
    {
        var formatter = FindingFormatters.For(name);

        Assert.IsType(type, formatter);
        Assert.Equal(name, formatter.Name);
        Assert.Equal(contentType, formatter.ContentType);
    }

    [Theory]
    [InlineData("syslog")]
    [InlineData("OCSF")]
    [InlineData("")]
    public void For_UnknownName_ThrowsAndNamesTheFormats(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => FindingFormatters.For(name));

        Assert.Equal("name", error.ParamName);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ocsf, falco, cef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGet_NullOrUnknown_IsFalse()
    {
        Assert.False(FindingFormatters.TryGet(null, out var none));
        Assert.Null(none);
        Assert.False(FindingFormatters.TryGet("leef", out _));
        Assert.True(FindingFormatters.TryGet(ExportFormats.Cef, out var cef));
        Assert.Equal(ExportFormats.Cef, cef.Name);
    }

    [Fact]
    public void All_IsEveryExportFormatInOrder()
    {
        Assert.Equal(ExportFormats.All, FindingFormatters.All.Select(f => f.Name));
    }

    [Fact]
    public void Write_EveryFormatAndSample_IsOneLineAndNeverThrows()
    {
        foreach (var formatter in FindingFormatters.All)
        {
            foreach (var finding in SampleFindings.All())
            {
                var text = formatter.Write(finding);

                Assert.DoesNotContain('\n', text);
                Assert.DoesNotContain('\r', text);
                if (formatter.ContentType == "application/json")
                {
                    Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.ValueKind);
                }
                else
                {
                    Assert.StartsWith("CEF:0|", text, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Write_Null_ThrowsArgumentNull()
    {
        Assert.All(FindingFormatters.All, f => Assert.Throws<ArgumentNullException>(() => f.Write(null!)));
    }
}
