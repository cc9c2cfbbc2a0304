# Network tuning for moonlight desktop streaming, installed by 'moonlight install sysctl'
# from ${source}. Edits here are overwritten: change the profile and install again.
# 'moonlight install sysctl --check' shows where the live values differ.
<#list settings as setting>

<#list setting.why as line>
<#if line?has_content># ${line}<#else>#</#if>
</#list>
${setting.key} = ${setting.value}
</#list>
