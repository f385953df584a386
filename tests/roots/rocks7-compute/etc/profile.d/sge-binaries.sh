# Rocks SGE roll: the cell's environment for login shells
export SGE_ROOT=/opt/gridengine
export SGE_CELL=default
if [ -f $SGE_ROOT/$SGE_CELL/common/settings.sh ]; then
  . $SGE_ROOT/$SGE_CELL/common/settings.sh
fi
