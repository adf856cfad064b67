<?php
# expect: refused "not valid UTF-8"
$databases['default']['default'] = array('driver' => 'mysql', 'database' => 'ings', 'username' => 'iu', 'password' => 'café', 'host' => 'ih');
