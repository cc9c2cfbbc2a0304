# Kernel modules for moonlight's network tuning (/etc/sysctl.d/90-moonlight.conf), loaded at boot.
# Installed by 'moonlight install sysctl'; edits here are overwritten.
<#list modules as module>

<#list module.why as line>
<#if line?has_content># ${line}<#else>#</#if>
</#list>
${module.name}
</#list>
