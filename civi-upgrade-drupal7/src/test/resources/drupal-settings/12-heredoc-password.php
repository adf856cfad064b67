<?php
# expect: read
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'loch', 'username' => 'lu', 'host' => 'lh',
  'password' => <<<'PW'
    it's\n$raw
    PW,
  'prefix' => <<<PFX
    lc_
    PFX);
