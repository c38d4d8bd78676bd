namespace LlmObserve.Detection.Detectors;

/// <summary>The kinds the <see cref="SecretDetector"/> reports, as rules write them: <c>detect.secret in (github_token)</c>.</summary>
public static class SecretKinds
{
    /// <summary>An AWS access key id (AKIA…, ASIA…): identifies a key, usually travels with its secret.</summary>
    public const string AwsAccessKeyId = "aws_access_key_id";

    /// <summary>A 40-character AWS secret access key, recognised only next to its label or right after its key id.</summary>
    public const string AwsSecretAccessKey = "aws_secret_access_key";

    /// <summary>A Google Cloud service-account key file (JSON with a private key).</summary>
    public const string GcpServiceAccount = "gcp_service_account";

    /// <summary>A Google API key (AIza…).</summary>
    public const string GoogleApiKey = "google_api_key";

    /// <summary>An Azure storage account key (AccountKey=… in a connection string).</summary>
    public const string AzureStorageKey = "azure_storage_key";

    /// <summary>A GitHub token: ghp_, gho_, ghu_, ghs_, ghr_ or a fine-grained github_pat_.</summary>
    public const string GithubToken = "github_token";

    /// <summary>A GitLab personal access token (glpat-…).</summary>
    public const string GitlabToken = "gitlab_token";

    /// <summary>A Slack token (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-).</summary>
    public const string SlackToken = "slack_token";

    /// <summary>An OpenAI API key (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…).</summary>
    public const string OpenAiApiKey = "openai_api_key";

    /// <summary>An Anthropic API key (sk-ant-…).</summary>
    public const string AnthropicApiKey = "anthropic_api_key";

    /// <summary>A Hugging Face access token (hf_…).</summary>
    public const string HuggingFaceToken = "huggingface_token";

    /// <summary>A Stripe key: secret or restricted (sk_/rk_) or publishable (pk_), live or test.</summary>
    public const string StripeKey = "stripe_key";

    /// <summary>A PEM private key block (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP).</summary>
    public const string PrivateKey = "private_key";

    /// <summary>A JSON Web Token whose header decodes to JSON naming an algorithm.</summary>
    public const string Jwt = "jwt";

    /// <summary>A literal password assigned to a password-like name in code, config or JSON.</summary>
    public const string PasswordAssignment = "password_assignment";

    /// <summary>A random-looking value assigned to a key-, token-, secret- or credential-like name.</summary>
    public const string HighEntropy = "high_entropy";
}
