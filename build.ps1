# NUKE-style bootstrap: find dotnet, compile build/_build.csproj only when its sources changed, run the build.
# Usage: ./build.ps1 [targets] [--parameters]   (./build.ps1 --help lists both)
[CmdletBinding()]
Param(
    [Parameter(Position = 0, Mandatory = $false, ValueFromRemainingArguments = $true)]
    [string[]]$BuildArguments
)

Set-StrictMode -Version 2.0; $ErrorActionPreference = "Stop"; $ConfirmPreference = "None"
trap { Write-Error $_ -ErrorAction Continue; exit 1 }

$ScriptDir = Split-Path $MyInvocation.MyCommand.Path -Parent
$BuildProjectFile = Join-Path $ScriptDir "build/_build.csproj"
$BuildDll = Join-Path $ScriptDir "build/bin/_build.dll"
$TempDirectory = Join-Path $ScriptDir ".nuke/temp"
$StampFile = Join-Path $TempDirectory "build.stamp"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1

# dotnet from PATH when it works; otherwise the SDK global.json pins, installed under .nuke/temp like NUKE does.
if ($null -ne (Get-Command "dotnet" -ErrorAction SilentlyContinue) -and $(dotnet --version) -and $LASTEXITCODE -eq 0) {
    $DotNetExe = (Get-Command "dotnet").Path
} else {
    $DotNetDirectory = Join-Path $TempDirectory "dotnet-win"
    $DotNetExe = Join-Path $DotNetDirectory "dotnet.exe"
    if (!(Test-Path $DotNetExe)) {
        New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
        $InstallScript = Join-Path $TempDirectory "dotnet-install.ps1"
        [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
        (New-Object System.Net.WebClient).DownloadFile("https://dot.net/v1/dotnet-install.ps1", $InstallScript)
        & powershell $InstallScript -InstallDir $DotNetDirectory -JSonFile (Join-Path $ScriptDir "global.json") -NoPath
    }
    $env:DOTNET_ROOT = $DotNetDirectory
}

# A content hash (not timestamps: a checkout can bring back older files) of everything the build is compiled from.
$Sources = @(Get-ChildItem -Path ("build", "src/Deployer", "src/Deployer.BuildEngine", "src/Deployer.Common" | ForEach-Object { Join-Path $ScriptDir $_ }) -Recurse -File -Include *.cs, *.csproj, *.props, *.targets |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } | Sort-Object FullName)
$Sources += @("global.json", "Directory.Build.props", "Directory.Packages.props" | ForEach-Object { Get-Item (Join-Path $ScriptDir $_) })
$Hash = ($Sources | ForEach-Object { (Get-FileHash $_.FullName -Algorithm SHA256).Hash }) -join ""
$Hash = [BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash([Text.Encoding]::UTF8.GetBytes($Hash))).Replace("-", "")

if (!(Test-Path $BuildDll) -or !(Test-Path $StampFile) -or ((Get-Content $StampFile -Raw).Trim() -ne $Hash)) {
    & $DotNetExe build $BuildProjectFile -nologo -clp:NoSummary --verbosity quiet
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
    Set-Content -Path $StampFile -Value $Hash
}

# Starting the compiled build directly skips `dotnet run`'s project evaluation.
& $DotNetExe $BuildDll $BuildArguments
exit $LASTEXITCODE
