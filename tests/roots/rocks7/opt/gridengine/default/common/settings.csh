setenv SGE_ROOT /opt/gridengine
setenv SGE_CELL default
setenv SGE_CLUSTER_NAME vc-fe
