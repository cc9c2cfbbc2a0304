# Sunshine for moonlight session ${sessionName}, rendered by moonlight. Only current Sunshine keys.
# Ports: HTTPS ${port - 5}, HTTP ${port}, web UI ${port + 1}, video/control/audio UDP ${port + 9}-${port + 11}, RTSP ${port + 21}.
sunshine_name = ${sessionName}
port = ${port}
<#if bindAddress?has_content>
bind_address = ${bindAddress}
</#if>
origin_web_ui_allowed = ${originWebUiAllowed}
encoder = ${encoder}
capture = ${capture}
<#if encoder == "nvenc">
nvenc_preset = ${nvencPreset}
nvenc_twopass = ${nvencTwopass}
</#if>
max_bitrate = ${maxBitrate}
<#if audioSink?has_content>
audio_sink = ${audioSink}
</#if>
<#if virtualSink?has_content>
virtual_sink = ${virtualSink}
</#if>
min_log_level = ${minLogLevel}
log_path = ${logPath}
file_apps = ${fileApps}
file_state = ${fileState}
credentials_file = ${credentialsFile}
pkey = ${pkey}
cert = ${cert}
